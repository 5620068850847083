# Only Lambda layers the saved model is built from count.
import keras

scale = keras.layers.Lambda(lambda t: t * 3.0)
first = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1), scale])
first.save("first.keras")
# %%
keras.models.load_model("first.keras")  # want "the model saved to this file holds `Lambda` layers"
# %%
grown = keras.Sequential([keras.Input((2,))])
grown.add(keras.layers.Lambda(lambda t: t + 1.0))
grown.save("grown.keras")
keras.models.load_model("grown.keras")  # want "holds `Lambda` layers"
# %%


def block(x):
    return keras.layers.Lambda(lambda t: t - 1.0)(x)


inp = keras.Input((2,))
built = keras.Model(inp, keras.layers.Dense(1)(block(inp)))
built.save("built.keras")
keras.models.load_model("built.keras")  # want "holds `Lambda` layers"
# %%
# The file was not written here: the finding says it cannot tell.
keras.models.load_model("downloaded.keras")  # want "which model was saved to this file cannot be followed: if it holds one"
# %%
# OK: the name now holds a model without a Lambda layer.
first = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
first.save("plain.keras")
keras.models.load_model("plain.keras")
# %%
# OK: a subclassed model whose class builds no Lambda layer.


class Residual(keras.Model):
    def __init__(self):
        super().__init__()
        self.out = keras.layers.Dense(1)

    def call(self, x):
        return self.out(x) + x


res = Residual()
res.save("residual.keras")
keras.models.load_model("residual.keras")
# %%
# A checkpoint with save_weights_only writes weights, no model: the file
# still holds the model saved to it before.
lam = keras.Sequential([keras.Input((2,)), keras.layers.Lambda(lambda t: t * 2.0)])
lam.save("lam.keras")
plain = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
weights_only = keras.callbacks.ModelCheckpoint("lam.keras", save_weights_only=True)
plain.fit(x, y, callbacks=[weights_only])
keras.models.load_model("lam.keras")  # want "the model saved to this file holds `Lambda` layers"
