import tensorflow as tf
from tensorflow.keras import layers
import keras

a1 = layers.ThresholdedReLU(theta=0.5)  # want "`ThresholdedReLU` was removed in Keras 3: use `ReLU\\(threshold=...\\)`"
a2 = tf.keras.layers.ThresholdedReLU()  # want "`ThresholdedReLU` was removed"
a3 = keras.layers.ThresholdedReLU(0.3, name="thr")  # want "`ThresholdedReLU` was removed"
a4 = layers.ThresholdedReLU(name="t", theta=2.0)  # want "`ThresholdedReLU` was removed"
a5 = tf.keras.layers.ThresholdedReLU(  # want "`ThresholdedReLU` was removed"
    theta=0.7,  # a comment stays
)
act_cls = layers.ThresholdedReLU  # want "`ThresholdedReLU` was removed"
a6 = tf.python.keras.layers.advanced_activations.ThresholdedReLU(theta=0.2)  # want "`ThresholdedReLU` was removed"
lc1 = layers.LocallyConnected1D(8, 3)  # want "`LocallyConnected1D` was removed in Keras 3: copy the Keras 2 layer's code"
lc2 = tf.keras.layers.LocallyConnected2D(8, (3, 3))  # want "`LocallyConnected2D` was removed.*`Conv2D`"
rff = tf.keras.layers.experimental.RandomFourierFeatures(output_dim=64)  # want "`RandomFourierFeatures` was removed"
c = keras.constraints.RadialConstraint()  # want "`RadialConstraint` was removed.*`keras.constraints.Constraint` subclass"

# %%
from tensorflow.keras.layers import ThresholdedReLU  # want "importing `ThresholdedReLU` fails on Keras 3"

x = ThresholdedReLU(theta=0.1)(x)  # want "`ThresholdedReLU` was removed"

# %%
from keras.layers import Dense, LocallyConnected2D as LC2D, Flatten  # want "importing `LocallyConnected2D` fails"

y = LC2D(4, 3)(x)  # want "`LocallyConnected2D` was removed"

# %%
from tensorflow.keras.constraints import RadialConstraint  # want "importing `RadialConstraint` fails"
from tensorflow.keras.layers import (  # make sure multi-line imports keep their shape
    Conv2D,
    RandomFourierFeatures,  # want "importing `RandomFourierFeatures` fails"
)

try:
    from keras.layers.experimental import RandomFourierFeatures  # want "importing `RandomFourierFeatures` fails"
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
