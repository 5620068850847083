import keras
from tensorflow.keras.layers import LocallyConnected1D  # want "Keras 3 removed `LocallyConnected1D`.*no automatic replacement here: the local replacement defines `LocallyConnected1D` and `LocallyConnected2D`, and a name it defines is taken"

LocallyConnected2D = keras.layers.Conv2D
lc = LocallyConnected1D(4, 3)  # want "Keras 3 removed `LocallyConnected1D`.*a name it defines is taken"
