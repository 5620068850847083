"""tf.keras.optimizers.legacy optimizers, recommended on Apple silicon in 2023."""
import numpy as np
import tensorflow as tf
from tensorflow import keras

np.random.seed(12)
x = np.random.rand(24, 4).astype("float32")
y = np.random.rand(24, 1).astype("float32")

names = []
for opt in [tf.keras.optimizers.legacy.Adam(learning_rate=1e-3),
            tf.keras.optimizers.legacy.RMSprop(learning_rate=1e-3)]:
    model = keras.Sequential([keras.layers.Dense(1, input_shape=(4,))])
    model.compile(optimizer=opt, loss="mse")
    model.fit(x, y, epochs=1, verbose=0)
    names.append(type(opt).__name__)
print("SUMMARY", "optimizers=%s" % names)
