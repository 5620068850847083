# %%
import keras
# %%
class CustomLayer(keras.layers.Layer):
    def __init__(self):
        super().__init__()

    def call(self, inputs):
        foo = inputs["foo"]
        baz = inputs["bar"]["baz"]
        if baz is not None:
            return foo + baz
        return foo
# %%
print("cell between")
# %%
layer = CustomLayer()
inputs = {
    "foo": keras.Input(shape=(1,), name="foo"),
    "bar": {
        "baz": None,  # want "`None` inside a nested structure passed to a layer call.*optional keyword argument"
    },
}
layer(inputs)
# %%
layer(inputs)  # want "`None` inside a nested structure passed to a layer call"
