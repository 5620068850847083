# %%
import tensorflow as tf

# %%
layer = tf.keras.layers.Dense(1)  # want "keras.layers.Dense"
ds = tf.data.Dataset.range(3)
