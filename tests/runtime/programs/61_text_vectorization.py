"""TextVectorization from layers.experimental.preprocessing, adapted on a toy corpus."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras.layers.experimental.preprocessing import TextVectorization

corpus = np.array(["the cat sat", "the dog ran", "a cat ran", "dogs and cats"])
vectorizer = TextVectorization(max_tokens=20, output_mode="int", output_sequence_length=4)
vectorizer.adapt(corpus)
vocab = vectorizer.get_vocabulary()

model = keras.Sequential([
    keras.Input(shape=(1,), dtype=tf.string),
    vectorizer,
    keras.layers.Embedding(20, 4),
    keras.layers.GlobalAveragePooling1D(),
    keras.layers.Dense(1),
])
out = model.predict(np.array([["the cat ran"]]), verbose=0)
print("SUMMARY", "vocab=%d" % len(vocab), "first=%s" % vocab[:2], "out=%s" % (out.shape,))
