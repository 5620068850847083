# %%
import tensorflow as tf
import numpy as np

# %%
inputs = tf.keras.Input(shape=(28, 28))  # want "use .keras.Input."
x = tf.keras.layers.Flatten()(inputs)  # want "use .keras.layers.Flatten."
x = tf.keras.layers.experimental.preprocessing.Rescaling(1 / 255)(x)  # want "use .keras.layers.Rescaling."
model = tf.keras.Model(inputs, x)  # want "use .keras.Model."
model.compile(optimizer=tf.keras.optimizers.Adam(1e-3), loss=tf.keras.losses.MeanSquaredError())  # want "keras.optimizers.Adam" "keras.losses.MeanSquaredError"

# %%
# OK: names that are not Keras, or not chains through tf.keras
y = tf.constant([1, 2, 3])
z = np.keras if False else None
keras_model = "tf.keras.Model"
