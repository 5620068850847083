# %%
import keras
from keras import backend as K
from keras.preprocessing.text import Tokenizer  # want "Keras 3 has no .keras.preprocessing.text.Tokenizer.; use the .keras.layers.TextVectorization"
from keras.utils.np_utils import to_categorical  # want "moved .keras.utils.np_utils. to .keras.utils."
from keras.layers.core import Dense, Flatten  # want "moved .keras.layers.core. to .keras.layers."

# %%
gen = keras.preprocessing.image.ImageDataGenerator()  # want "Keras 3 has no .keras.preprocessing.image.ImageDataGenerator."
shape = K.int_shape(keras.ops.zeros((1, 2)))  # want "Keras 3 has no .keras.backend.int_shape."
opt = keras.optimizers.legacy.Adam()  # want "moved .keras.optimizers.legacy.Adam. to .keras.optimizers.Adam."
d = keras.layers.core.Dense(2)  # want "moved"

# %%
# OK: names Keras 3 has, and a removed class (removed-api reports it)
from keras.layers.experimental import RandomFourierFeatures
relu = keras.layers.ReLU()
eps = K.epsilon()
y = to_categorical([1, 2])
v = keras.Variable(1.0)
