# %%
from tensorflow import keras  # want "once the uses of .keras.preprocessing.image.ImageDataGenerator."
from tensorflow.keras import backend as K  # want "once the uses of .keras.backend.int_shape."

# %%
gen = keras.preprocessing.image.ImageDataGenerator(rescale=1 / 255)
dense = keras.layers.Dense(3)
shape = K.int_shape(dense.kernel)
eps = K.epsilon()

# %%
from tensorflow import keras as tfk  # want "once the uses of .keras.backend.transpose."
KB = tfk.backend
flipped = KB.transpose(dense.kernel)
