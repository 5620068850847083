from tensorflow import keras


class Eager(keras.layers.Layer):
    def __init__(self):
        super().__init__(dynamic=True)  # want "no automatic fix, because the layer goes into a model other than"


inputs = keras.Input(shape=(3,))
functional = keras.Model(inputs, Eager()(inputs))


class Never(keras.layers.Layer):
    def __init__(self):
        super().__init__(dynamic=True)  # want "no automatic fix, because the model that holds the layer is never compiled"


uncompiled = keras.Sequential([Never()])


class Lazy(keras.layers.Layer):
    def __init__(self):
        super().__init__(dynamic=True)  # want "no automatic fix, because a `compile\\(\\)` of the model sets `run_eagerly` to another value"


lazy = keras.Sequential([Lazy()])
lazy.compile("adam", "mse", run_eagerly=False)


class Unused(keras.layers.Layer):
    def __init__(self):
        super().__init__(dynamic=True)  # want "no automatic fix, because no model holding the layer is in sight"


rnn = keras.layers.GRU(3, dynamic=True)  # want "no automatic fix, because the layer goes into a model other than"
seq = keras.Sequential([keras.layers.GRU(3, dynamic=True)])  # want "remove it, and if the layer must run eagerly"
seq.compile("adam", "mse")
