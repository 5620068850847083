from tensorflow import keras as tfk
from tensorflow.keras.layers import LocallyConnected1D  # want "Keras 3 removed `LocallyConnected1D`.*no automatic replacement here: `keras` does not name the keras module"

# The use says what its import says: no fix, and why.
lc = LocallyConnected1D(4, 3)  # want "Keras 3 removed `LocallyConnected1D`.*no automatic replacement here: `keras` does not name the keras module"
