import tensorflow as tf
from tensorflow.keras.layers import LocallyConnected1D  # want "Keras 3 removed `LocallyConnected1D`: no automatic replacement for `implementation=`"

# One use of the import needs a mode the local replacement lacks: removing
# the import would give that call a class that raises.
lc_a = LocallyConnected1D(4, 3)  # want "Keras 3 removed `LocallyConnected1D`: copy Keras 2's class"
lc_b = LocallyConnected1D(4, 3, implementation=2)  # want "Keras 3 removed `LocallyConnected1D`: no automatic replacement for `implementation=`"
