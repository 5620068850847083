import keras

inputs = keras.Input(shape=(4,))
x = keras.layers.Lambda(lambda t, k=2: abs(t.shape[0] * k) + t.sum(axis=1), name="pure")(inputs)
restored = keras.models.load_model("m.keras")  # want "pass `safe_mode=False` only for files you trust"
