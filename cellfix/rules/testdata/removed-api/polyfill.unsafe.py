import numpy as np
import tensorflow as tf
from tensorflow.keras import layers

model = tf.keras.Sequential([
    layers.LocallyConnected1D(4, 3, input_shape=(10, 2)),  # want "Keras 3 removed `LocallyConnected1D`: the fix inserts a local copy of Keras 2.s class"
    layers.LocallyConnected1D(2, 2, activation="relu"),  # want "Keras 3 removed `LocallyConnected1D`"
    layers.Flatten(),
])

# %%
def make(units):
    return tf.keras.layers.experimental.RandomFourierFeatures(output_dim=units)  # want "Keras 3 removed `RandomFourierFeatures`"


lc = tf.keras.layers.LocallyConnected1D(8, 3)  # want "Keras 3 removed `LocallyConnected1D`"
conv = layers.Conv2D(2, 3, kernel_constraint=tf.keras.constraints.RadialConstraint())  # want "Keras 3 removed `RadialConstraint`"

# %%
dense_kernel = layers.LocallyConnected2D(4, 3, implementation=2)  # want "Keras 3 removed `LocallyConnected2D`: no automatic replacement for `implementation=`"


def LocallyConnected2D(*args, **kwargs):  # the program's own function of that name
    return layers.Conv2D(*args, **kwargs)


lc2 = layers.LocallyConnected2D(4, 3)  # want "Keras 3 removed `LocallyConnected2D`"

# %%
# OK
own = LocallyConnected2D(4, 3)
c1d = layers.Conv1D(4, 3)

# %%
from tensorflow.keras.layers import Dense, RandomFourierFeatures  # want "Keras 3 removed `RandomFourierFeatures`: the fix inserts a local copy"
from tensorflow.keras.constraints import RadialConstraint as RC  # want "Keras 3 removed `RadialConstraint`: copy Keras 2's class"

# %%
rff2 = RandomFourierFeatures(output_dim=8)  # want "Keras 3 removed `RandomFourierFeatures`: the fix inserts a local copy"
radial = RC()  # want "Keras 3 removed `RadialConstraint`: copy Keras 2's class"
