# %%
import numpy as np
import tensorflow as tf
from tensorflow import keras  # want "from tensorflow import keras"
from tensorflow.keras import layers, models  # want "reaches Keras through TensorFlow.*; import from .keras."
from tensorflow.keras.layers import Dense, Dropout as Drop  # want "import from .keras.layers."
from tensorflow.python.keras.optimizers import Adam  # want "import from .keras.optimizers."
import tensorflow.keras as tfk  # want "import .keras."

# %%
model = keras.Sequential([layers.Dense(4), Dense(2), Drop(0.1)])
model.compile(optimizer=Adam(), loss="mse")
data = tf.data.Dataset.from_tensor_slices(np.zeros((4, 2)))
# OK: tensorflow itself stays, tf.data is not Keras
extra = tfk.layers.Flatten()
