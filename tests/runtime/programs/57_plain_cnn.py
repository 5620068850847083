"""A plain MNIST-style CNN, the code most tutorials start from."""
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers, models

np.random.seed(57)
x_train = np.random.rand(32, 16, 16, 1).astype("float32")
y_train = np.random.randint(0, 10, size=(32,))

model = models.Sequential()
model.add(layers.Conv2D(8, (3, 3), activation="relu", input_shape=(16, 16, 1)))
model.add(layers.MaxPooling2D((2, 2)))
model.add(layers.BatchNormalization())
model.add(layers.Flatten())
model.add(layers.Dropout(0.25))
model.add(layers.Dense(10, activation="softmax"))
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
history = model.fit(x_train, y_train, epochs=1, batch_size=32, validation_split=0.25, verbose=0)
loss, acc = model.evaluate(x_train, y_train, verbose=0)
print("SUMMARY", "params=%d" % model.count_params(), "keys=%s" % sorted(history.history),
      "acc_ok=%s" % (0.0 <= acc <= 1.0))
