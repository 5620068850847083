"""A custom callback logging the learning rate and a LearningRateScheduler."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import backend as K


class LRLogger(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.rates = []

    def on_epoch_end(self, epoch, logs=None):
        self.rates.append(float(K.get_value(self.model.optimizer.lr)))


def schedule(epoch, lr):
    return lr * 0.5 if epoch > 0 else lr


logger = LRLogger()
model = keras.Sequential([keras.layers.Dense(1, input_shape=(2,))])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
np.random.seed(59)
model.fit(np.random.rand(8, 2), np.random.rand(8, 1), epochs=3, verbose=0,
          callbacks=[keras.callbacks.LearningRateScheduler(schedule), logger])
print("SUMMARY", "rates=%s" % [round(r, 4) for r in logger.rates])
