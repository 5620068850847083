"""Image augmentation and normalization with layers.experimental.preprocessing."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers
from tensorflow.keras.layers.experimental import preprocessing

np.random.seed(16)
images = (np.random.rand(20, 12, 12, 3) * 255).astype("float32")
labels = np.random.randint(0, 2, size=(20,))

data_augmentation = keras.Sequential([
    layers.experimental.preprocessing.RandomFlip("horizontal"),
    layers.experimental.preprocessing.RandomRotation(0.1),
])
normalizer = preprocessing.Normalization()
normalizer.adapt(images / 255.0)

inputs = keras.Input(shape=(12, 12, 3))
x = data_augmentation(inputs)
x = preprocessing.Rescaling(1.0 / 255)(x)
x = normalizer(x)
x = layers.GlobalAveragePooling2D()(x)
outputs = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(images, labels, epochs=1, verbose=0)
print("SUMMARY", "trainable=%d" % sum(int(np.prod(w.shape)) for w in model.trainable_weights), "out=%s" % (model.predict(images[:2], verbose=0).shape,))
