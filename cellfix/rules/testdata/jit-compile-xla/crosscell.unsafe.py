# %%
import numpy as np
from tensorflow import keras
import tensorflow as T
# %%
class Tokenize(keras.Model):
    def call(self, x):
        y = T.py_function(lambda v: v, [x], T.float32)  # want "`Tokenize.call` uses `T.py_function`, a string-typed `T.constant`"
        z = T.constant(["a", "b"])
        return y
# %%
class Child(Tokenize):
    pass
# %%
print("unrelated")
# %%
m = Tokenize()
m.compile(  # want "this compiles a model whose `Tokenize.call` uses `T.py_function`"
    optimizer="adam",
    loss="mse",  # the loss
)
# %%
child = Child()
child.compile(optimizer="adam", loss="mse", jit_compile=True)  # want "this compiles a model whose `Tokenize.call`"
