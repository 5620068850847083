# %%
from tensorflow.keras.layers.experimental import preprocessing  # want "Keras 3 moved the module it imports"
from tensorflow.keras.utils import np_utils as npu  # want "Keras 3 moved the module it imports"

# %%
norm = preprocessing.Normalization()
scale = preprocessing.Rescaling(1.0 / 255)
labels = npu.to_categorical([0, 1, 2])
