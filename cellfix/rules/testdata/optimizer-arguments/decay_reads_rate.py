import keras

sgd = keras.optimizers.SGD(learning_rate=0.01, decay=1e-6)  # want "InverseTimeDecay"
callbacks = [keras.callbacks.ReduceLROnPlateau()]
