# A float16 dtype policy: the local copies round differently from Keras 2's
# classes there, so their fixes stay unsafe (not applied without
# --unsafe-fixes).
import keras
from tensorflow.keras import layers

keras.mixed_precision.set_global_policy("mixed_float16")
lc = layers.LocallyConnected1D(4, 3)  # want "Keras 3 removed `LocallyConnected1D`: the fix inserts a local copy.*unsafe fix here: this program may set a dtype policy"
