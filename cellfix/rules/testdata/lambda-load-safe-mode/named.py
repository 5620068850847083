# OK: a named function, not a lambda, and a load before any Lambda layer.
import keras

first = keras.models.load_model("other.keras")


def double(t):
    return t * 2.0


inputs = keras.Input(shape=(4,))
model = keras.Model(inputs, keras.layers.Lambda(double)(inputs))
restored = keras.models.load_model("m.keras")
