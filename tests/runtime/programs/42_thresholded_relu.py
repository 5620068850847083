"""ThresholdedReLU(theta=...) in a small functional model."""
import numpy as np
import tensorflow as tf
from tensorflow.keras.layers import Input, Dense, ThresholdedReLU
from tensorflow.keras.models import Model

x = Input(shape=(4,))
y = ThresholdedReLU(theta=0.5)(x)
y = Dense(2)(y)
model = Model(x, y)
act = ThresholdedReLU(theta=0.5)(np.array([[0.2, 0.5, 0.7, 1.5]], dtype="float32"))
print("SUMMARY", "act=%s" % np.asarray(act, dtype="float64").round(2).tolist(), "params=%d" % model.count_params())
