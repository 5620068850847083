import numpy as np
import tensorflow as tf
from tensorflow.keras.utils import Sequence
from tensorflow import keras


class Shuffled(Sequence):
    def __init__(self, x):
        self.x = x
        self.order = np.arange(len(x))

    def __len__(self):
        return 2

    def __getitem__(self, i):
        return self.x[self.order[i::2]]

    def on_epoch_end(self):  # want "also call it once before the first epoch"
        np.random.shuffle(self.order)


class Counted(tf.keras.utils.Sequence):
    def __len__(self):
        return 1

    def on_epoch_begin(self):
        self.started = True

    def on_epoch_end(self):  # want "no automatic fix, because the class or code elsewhere uses"
        self.epochs = getattr(self, "epochs", 0) + 1


# %%
# OK
class NoHook(keras.utils.Sequence):
    def __len__(self):
        return 1


class Plain:
    def on_epoch_end(self):
        pass


class Callback(keras.callbacks.Callback):
    def on_epoch_end(self, epoch, logs=None):
        pass
