# OK
import os

os.environ["KERAS_BACKEND"] = "jax"

import keras
from tensorflow import keras as tfk

os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
