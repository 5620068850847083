import tensorflow as tf
from tensorflow import keras
import keras as k3

sgd = keras.optimizers.SGD(lr=0.01, decay=1e-6, momentum=0.9, nesterov=True)  # want "it is `learning_rate`" "InverseTimeDecay"
adam = k3.optimizers.Adam(learning_rate=0.001, decay=1e-4)  # want "InverseTimeDecay"
