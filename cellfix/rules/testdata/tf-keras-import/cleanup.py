# %%
import tensorflow as tf

# %%
model = tf.keras.Sequential([tf.keras.layers.Dense(1)])  # want "keras.Sequential" "keras.layers.Dense"
