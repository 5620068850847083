import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

inputs = keras.Input(shape=(6,))
hidden = layers.Dense(8)(inputs)
model = keras.Model(inputs, layers.Dense(1)(hidden))
model.add_loss(tf.reduce_mean(hidden))  # want "no automatic fix, because on JAX `model.losses` stays empty"
print(len(model.losses))
