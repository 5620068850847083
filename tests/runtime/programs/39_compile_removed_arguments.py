"""compile(experimental_run_tf_function=False), a common TF 2.0-2.2 workaround."""
import numpy as np
import tensorflow as tf
from tensorflow import keras

np.random.seed(39)
model = keras.Sequential([keras.layers.Dense(3, input_shape=(2,)), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse", experimental_run_tf_function=False)
history = model.fit(np.random.rand(16, 2), np.random.rand(16, 1), epochs=1, verbose=0)
print("SUMMARY", "keys=%s" % sorted(history.history))
