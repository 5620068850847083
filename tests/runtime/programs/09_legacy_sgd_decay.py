"""The legacy SGD optimizer with lr=, decay= and momentum (a classic CIFAR recipe)."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

np.random.seed(9)
x = np.random.rand(48, 8, 8, 3).astype("float32")
y = keras.utils.to_categorical(np.random.randint(0, 4, size=(48,)), 4)

model = keras.Sequential([
    layers.Conv2D(8, 3, activation="relu", input_shape=(8, 8, 3)),
    layers.Flatten(),
    layers.Dense(4, activation="softmax"),
])
sgd = tf.keras.optimizers.legacy.SGD(lr=0.01, decay=1e-6, momentum=0.9, nesterov=True)
model.compile(loss="categorical_crossentropy", optimizer=sgd, metrics=["accuracy"])
model.fit(x, y, batch_size=16, epochs=1, verbose=0)
print("SUMMARY", "params=%d" % model.count_params(), "iterations=%d" % int(model.optimizer.iterations.numpy()))
