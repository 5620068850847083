from tensorflow import keras


class Shuffled(keras.utils.Sequence):
    def on_epoch_end(self):  # want "no automatic fix for every backend, because on JAX"
        self.n = 1
