"""Data augmentation with ImageDataGenerator.flow and fit on the iterator."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras.preprocessing.image import ImageDataGenerator

np.random.seed(17)
x_train = np.random.rand(32, 10, 10, 1).astype("float32")
y_train = keras.utils.to_categorical(np.random.randint(0, 3, size=(32,)), num_classes=3)

datagen = ImageDataGenerator(rotation_range=10, width_shift_range=0.1, horizontal_flip=True)
datagen.fit(x_train)

model = keras.Sequential([
    keras.layers.Conv2D(4, 3, activation="relu", input_shape=(10, 10, 1)),
    keras.layers.GlobalMaxPooling2D(),
    keras.layers.Dense(3, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
history = model.fit(datagen.flow(x_train, y_train, batch_size=8, seed=1), steps_per_epoch=4, epochs=1, verbose=0)
batch_x, batch_y = next(datagen.flow(x_train, y_train, batch_size=8, seed=1))
print("SUMMARY", "batch=%s" % (batch_x.shape,), "keys=%s" % sorted(history.history))
