import numpy as np
import tensorflow as tf
from tensorflow import keras

model = keras.Sequential([keras.Input(shape=(1,), dtype=tf.string), keras.layers.Dense(1)])
out = model.predict(np.array([["the cat ran"]]), verbose=0)  # want "no NumPy array of strings.*need TensorFlow"
texts = np.asarray([["a b"], ["c d"]])
model.fit(texts, np.zeros((2, 1)))  # want "no NumPy array of strings.*need TensorFlow"
model.evaluate(x=np.array([("x y",)]), y=np.zeros((1, 1)))  # want "no NumPy array of strings.*need TensorFlow"

# %%
# OK
model.predict(np.array([[1.0, 2.0]]))
model.predict(np.array([["a"]], dtype=object))
model.predict(tf.constant([["the cat ran"]]))
other.predict(np.array([["the cat ran"]]))
