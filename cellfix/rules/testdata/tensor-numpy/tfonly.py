# OK: on the tf target every tensor has .numpy().
import keras

dense = keras.layers.Dense(3)
out = dense(keras.ops.ones((2, 4))).numpy()
