"""One-hot labels via to_categorical (two import styles from 2019-2022 tutorials)."""
import numpy as np
import tensorflow as tf
from tensorflow.keras.utils import to_categorical
from tensorflow.python.keras.utils import np_utils
from tensorflow import keras

np.random.seed(19)
labels = np.random.randint(0, 5, size=(30,))
y1 = to_categorical(labels)
y2 = np_utils.to_categorical(labels, 5)

model = keras.Sequential([keras.layers.Dense(5, activation="softmax", input_shape=(7,))])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(np.random.rand(30, 7), y1, epochs=1, verbose=0)
print("SUMMARY", "y1=%s" % (y1.shape,), "equal=%s" % bool((y1 == y2).all()))
