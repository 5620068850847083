"""Write a tiny folder of PNGs and read it with preprocessing.image_dataset_from_directory."""
import os

import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras.preprocessing import image

np.random.seed(53)
for cls in ["cats", "dogs"]:
    os.makedirs(os.path.join("data", cls), exist_ok=True)
    for i in range(4):
        pixels = (np.random.rand(10, 10, 3) * 255).astype("uint8")
        tf.io.write_file(os.path.join("data", cls, "%d.png" % i), tf.io.encode_png(pixels))

train_ds = tf.keras.preprocessing.image_dataset_from_directory(
    "data", image_size=(8, 8), batch_size=4, seed=1, label_mode="int")
class_names = train_ds.class_names
first_batch, _ = next(iter(train_ds))
arr = image.img_to_array(first_batch[0].numpy())

model = keras.Sequential([
    keras.layers.Rescaling(1.0 / 255, input_shape=(8, 8, 3)),
    keras.layers.Flatten(),
    keras.layers.Dense(2),
])
model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
model.fit(train_ds, epochs=1, verbose=0)
print("SUMMARY", "classes=%s" % class_names, "arr=%s" % (arr.shape,))
