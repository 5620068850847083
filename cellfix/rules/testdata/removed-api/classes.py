import tensorflow as tf
from tensorflow.keras import layers
import keras

a1 = layers.ThresholdedReLU(theta=0.5)  # want "Keras 3 removed `ThresholdedReLU`.*: use `ReLU\\(threshold=...\\)`"
a2 = tf.keras.layers.ThresholdedReLU()  # want "Keras 3 removed `ThresholdedReLU`"
a3 = keras.layers.ThresholdedReLU(0.3, name="thr")  # want "Keras 3 removed `ThresholdedReLU`"
a4 = layers.ThresholdedReLU(name="t", theta=2.0)  # want "Keras 3 removed `ThresholdedReLU`"
a5 = tf.keras.layers.ThresholdedReLU(  # want "Keras 3 removed `ThresholdedReLU`"
    theta=0.7,  # a comment stays
)
act_cls = layers.ThresholdedReLU  # want "Keras 3 removed `ThresholdedReLU`"
a6 = tf.python.keras.layers.advanced_activations.ThresholdedReLU(theta=0.2)  # want "Keras 3 removed `ThresholdedReLU`"
lc1 = layers.LocallyConnected1D(8, 3)  # want "Keras 3 removed `LocallyConnected1D`: the fix inserts a local copy of Keras 2.s class"
lc2 = tf.keras.layers.LocallyConnected2D(8, (3, 3))  # want "Keras 3 removed `LocallyConnected2D`.*`Conv2D`"
rff = tf.keras.layers.experimental.RandomFourierFeatures(output_dim=64)  # want "Keras 3 removed `RandomFourierFeatures`"
c = keras.constraints.RadialConstraint()  # want "Keras 3 removed `RadialConstraint`: the fix inserts a local copy.*code you now own"

# %%
from tensorflow.keras.layers import ThresholdedReLU  # want "Keras 3 removed `ThresholdedReLU`"

x = ThresholdedReLU(theta=0.1)(x)  # want "Keras 3 removed `ThresholdedReLU`"

# %%
from keras.layers import Dense, LocallyConnected2D as LC2D, Flatten  # want "Keras 3 removed `LocallyConnected2D`"

y = LC2D(4, 3)(x)  # want "Keras 3 removed `LocallyConnected2D`"

# %%
from tensorflow.keras.constraints import RadialConstraint  # want "Keras 3 removed `RadialConstraint`"
from tensorflow.keras.layers import (  # make sure multi-line imports keep their shape
    Conv2D,
    RandomFourierFeatures,  # want "Keras 3 removed `RandomFourierFeatures`"
)

try:
    from keras.layers.experimental import RandomFourierFeatures  # want "Keras 3 removed `RandomFourierFeatures`"
except ImportError:
    pass

# %%
# OK
ok1 = layers.ReLU(threshold=0.5)
ok2 = keras.layers.ReLU()
ok3 = layers.LeakyReLU()
ok4 = layers.Conv2D(8, 3)
ok5 = tf.keras.layers.experimental.preprocessing.Rescaling(1 / 255)


class ThresholdedReLUish(layers.Layer):
    pass
