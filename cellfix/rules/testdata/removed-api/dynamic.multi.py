from tensorflow import keras

seq = keras.Sequential([keras.layers.GRU(3, dynamic=True)])  # want "no automatic fix, because on JAX the first `fit\\(\\)` traces the model"
seq.compile("adam", "mse")
