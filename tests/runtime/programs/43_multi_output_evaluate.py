"""A two-output model: evaluate() returns the total loss and one loss per output."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

inputs = layers.Input(shape=(10,))
x1 = layers.Dense(5, activation="relu")(inputs)
x2 = layers.Dense(5, activation="relu")(x1)
output_1 = layers.Dense(5, activation="softmax", name="output_1")(x1)
output_2 = layers.Dense(5, activation="softmax", name="output_2")(x2)
model = keras.Model(inputs=inputs, outputs=[output_1, output_2])
model.compile(optimizer="adam", loss="categorical_crossentropy")
np.random.seed(43)
x_test = np.random.uniform(size=[10, 10])
y_test = np.random.uniform(size=[10, 5])
results = model.evaluate(x_test, [y_test, y_test], verbose=0)
print("SUMMARY", "n=%d" % len(results), "names=%s" % model.metrics_names)
