"""Custom loss and helpers written with keras.backend functions."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import backend as K


def rmse(y_true, y_pred):
    return K.sqrt(K.mean(K.square(y_pred - y_true), axis=-1))


def r_square(y_true, y_pred):
    ss_res = K.sum(K.square(y_true - y_pred))
    ss_tot = K.sum(K.square(y_true - K.mean(y_true)))
    return 1 - ss_res / (ss_tot + K.epsilon())


np.random.seed(24)
x = np.random.rand(32, 4).astype("float32")
y = np.random.rand(32, 1).astype("float32")
model = keras.Sequential([keras.layers.Dense(1, input_shape=(4,))])
model.compile(optimizer="adam", loss=rmse, metrics=[r_square])
model.fit(x, y, epochs=1, verbose=0)

shape = K.int_shape(model.layers[0].kernel)
noise = K.random_normal(shape=(2, 3), mean=0.0, stddev=1.0)
v = K.variable(np.zeros((2, 2)))
K.set_value(v, np.ones((2, 2)))
total = float(K.get_value(K.sum(v)))
print("SUMMARY", "kernel=%s" % (shape,), "noise=%s" % (K.int_shape(noise),), "total=%.1f" % total,
      "floatx=%s" % K.floatx())
