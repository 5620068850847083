# The program sets the learning phase: K.function and K.learning_phase()
# behave as the fixes assume only at the default phase, so their fixes stay
# unsafe (not applied without --unsafe-fixes).
import keras
import numpy as np
from tensorflow.keras import backend as K

K.set_learning_phase(1)  # want "keras.backend.set_learning_phase"
model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2), keras.layers.Dropout(0.5)])
f = K.function([model.inputs[0]], [model.outputs[0]])  # want "keras.backend.function.*unsafe fix here: this program may set the learning phase"
phase = K.learning_phase()  # want "keras.backend.learning_phase.*unsafe fix here"
