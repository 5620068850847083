# %%
import keras
from tensorflow.keras import Input, Model
import tensorflow as tf
# %%
inputs = {
    "foo": keras.Input(shape=(1,), name="foo"),
    "bar": {
        "baz": keras.Input(shape=(1,), name="bar"),
    },
}
outputs = inputs["foo"] + inputs["bar"]["baz"]
# %%
keras.Model(inputs, outputs)  # want "`inputs` of the functional model has a dict inside a dict"
# %%
a = Input((2,))
b = Input((2,))
c = Input((2,))
pair = [a, b]
m1 = Model(inputs=[pair, c], outputs=a)  # want "`inputs` of the functional model has a list inside a list"
m2 = tf.keras.models.Model([a, b, c], outputs=[[a, b], (c,)])  # want "`outputs` of the functional model has a list inside a list"


class Wrapper(keras.Model):
    def __init__(self):
        x = keras.Input((3,))
        y = keras.Input((3,))
        super().__init__(inputs={"x": x, "more": {"y": y}}, outputs=x + y)  # want "`inputs` of the functional model has a dict inside a dict"
