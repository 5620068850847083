import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers


def build(k):
    inputs = keras.Input(shape=(4,))
    return keras.Model(inputs, layers.Lambda(lambda t: t * k)(inputs))


model = build(2.0)
model.save("local.keras")
restored = keras.models.load_model("local.keras")  # want "no automatic fix, because a `Lambda` layer is built inside a function"
