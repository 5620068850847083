"""A text classifier: Embedding(input_length=...) then Flatten, summary before training."""
import numpy as np
import tensorflow as tf
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Embedding, Flatten, Dense

vocab_size, maxlen = 50, 10
np.random.seed(13)
x = np.random.randint(1, vocab_size, size=(40, maxlen))
y = np.random.randint(0, 2, size=(40,))

model = Sequential()
model.add(Embedding(vocab_size, 8, input_length=maxlen))
model.add(Flatten())
model.add(Dense(1, activation="sigmoid"))
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["acc"])
params = model.count_params()
model.fit(x, y, epochs=1, verbose=0)
print("SUMMARY", "params=%d" % params, "out=%s" % (model.output_shape,))
