"""Tokenizer + pad_sequences + a bag-of-embeddings sentiment model."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras.preprocessing.text import Tokenizer
from tensorflow.keras.preprocessing.sequence import pad_sequences

texts = ["the movie was great", "awful plot and bad acting", "great acting", "bad movie",
         "i loved the plot", "i hated it"] * 4
labels = np.array([1, 0, 1, 0, 1, 0] * 4)

tokenizer = Tokenizer(num_words=100, oov_token="<OOV>")
tokenizer.fit_on_texts(texts)
sequences = tokenizer.texts_to_sequences(texts)
padded = pad_sequences(sequences, maxlen=6, padding="post", truncating="post")

model = keras.Sequential([
    keras.layers.Embedding(100, 8),
    keras.layers.GlobalAveragePooling1D(),
    keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(padded, labels, epochs=1, verbose=0)
print("SUMMARY", "padded=%s" % (padded.shape,), "vocab=%d" % len(tokenizer.word_index), "first=%s" % padded[0].tolist())
