import tensorflow as tf
from tensorflow import keras

norm = keras.layers.Normalization()
model = keras.Sequential([norm, keras.layers.Dense(2)])
model.save_weights("ckpt/w")  # want "unsafe because a preprocessing layer's state"
model.load_weights("ckpt/w")
