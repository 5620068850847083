from tensorflow import keras


class Called(keras.utils.Sequence):
    def on_epoch_end(self):  # want "no automatic fix, because the class or code elsewhere uses"
        self.n = 1


Called().on_epoch_end()
