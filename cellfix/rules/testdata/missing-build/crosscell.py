# %%
from tensorflow.keras import layers as L
# %%
class Block(L.Layer):
    def __init__(self):
        super().__init__()
        self.inner = L.Dense(3)

    def build(self, input_shape):
        self.inner.build(input_shape)

    def call(self, x):
        return self.inner(x)
# %%
class Stack(L.Layer):  # want "layer `Stack`.*builds `self.block`, `self.first`"
    def __init__(self):
        super().__init__()
        self.first = L.Dense(3)
        self.block = Block()
        self.unused = L.Dense(4)
        self.units = 3

    def call(self, x):
        return self.block(self.first(x))
# %%
class Derived(Block):
    # OK: inherits build from Block.
    def __init__(self):
        super().__init__()
        self.extra = L.Dense(3)

    def call(self, x):
        return self.extra(self.inner(x))
# %%
class Residual(L.Layer):  # want "layer `Residual`.*builds `self.hidden`, `self.pair`"
    def __init__(self, n):
        super().__init__()
        self.hidden = [L.Dense(4) for _ in range(n)]
        self.pair = [L.Dense(2), L.Dense(2)]
        self.drops = [L.Dropout(0.1) for _ in range(n)]

    def call(self, x):
        for layer in self.hidden:
            x = layer(x)
        for d in self.drops:
            x = d(x)
        return self.pair[0](x)
