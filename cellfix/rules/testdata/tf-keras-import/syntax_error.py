# %%
import tensorflow as tf

# %%
good = tf.keras.layers.Dense(1)  # want "keras.layers.Dense"
bad = tf.keras.layers.Dense(  # want "keras.layers.Dense"
