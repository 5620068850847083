# %%
import tensorflow as tf2
from tensorflow import keras as K3  # want "use .import keras."

# %%
layers = tf2.keras.layers  # want "keras.layers"

# %%
# OK: an alias of a Keras module, used with names Keras 3 has
d = layers.Dense(3)
m = K3.Model()
