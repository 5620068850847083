import keras
import numpy as np


# OK: the guide's two fixes: a value instead of None, and an optional argument.
class CustomLayer(keras.layers.Layer):
    def __init__(self):
        super().__init__()

    def call(self, inputs):
        foo = inputs["foo"]
        baz = inputs["bar"]["baz"]
        return foo + baz


layer = CustomLayer()
inputs = {
    "foo": keras.Input(shape=(1,), name="foo"),
    "bar": {
        "baz": keras.Input(shape=(1,), name="bar"),
    },
}
layer(inputs)


class OptionalLayer(keras.layers.Layer):
    def __init__(self):
        super().__init__()

    def call(self, foo, baz=None):
        if baz is not None:
            return foo + baz

        def helper():
            return foo, None

        return foo


layer = OptionalLayer()
foo = keras.Input(shape=(1,), name="foo")
baz = None
layer(foo, baz=baz)

# OK: None in calls that are not layer calls, and a plain None argument.
print([1, None])
np.array([[1, None]])
layer(foo, None)
