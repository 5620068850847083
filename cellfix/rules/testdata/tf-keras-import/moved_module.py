import numpy as np
from tensorflow.keras import layers  # want "import from `keras`"
from tensorflow.keras.layers.experimental import preprocessing  # want "import from `keras.layers` .* once the uses"

normalizer = preprocessing.Normalization()  # want "Keras 3 moved `keras.layers.experimental.preprocessing.Normalization` to `keras.layers.Normalization`"
scale = preprocessing.Rescaling(1.0 / 255)  # want "moved .*Rescaling"
dense = layers.Dense(3)
