# Nothing sets the learning phase: K.function gets its local replacement and
# K.learning_phase() its 0 without --unsafe-fixes.
import keras
import numpy as np
from tensorflow.keras import backend as K

model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2), keras.layers.Dropout(0.5)])
f = K.function([model.inputs[0]], [model.outputs[0]])  # want "keras.backend.function.*fix: Keras 3 removed it without a one-line equivalent"
out = f([np.ones((2, 3))])[0]
phase = K.learning_phase()  # want "keras.backend.learning_phase"
