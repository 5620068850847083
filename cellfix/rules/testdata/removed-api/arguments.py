import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

r1 = layers.LSTM(32, time_major=True)  # want "Keras 3 RNN layers have no `time_major` argument and take batch-major input only"
r2 = keras.layers.GRU(16, return_sequences=True, time_major=False)  # want "`time_major=False` asked for"
r3 = tf.keras.layers.SimpleRNN(8, time_major=False)  # want "`time_major=False` asked for"
rnn = layers.RNN(MinimalCell(4))
y = rnn(x, constants=c)  # want "Keras 3 RNN layers take no `constants` argument: give the cell"
y = layers.RNN(MinimalCell(4))(x, constants=[c])  # want "take no `constants` argument"
y = layers.Bidirectional(layers.RNN(MinimalCell(4)))(x, constants=None)  # want "take no `constants` argument: remove it"


class TimeMajorLSTM(layers.LSTM):
    pass


r4 = TimeMajorLSTM(8, time_major=True)  # want "no `time_major` argument"


class Attention(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(dynamic=True, **kwargs)  # want "Keras 3 layers take no `dynamic` argument: remove it, and"
        self.rnn = layers.RNN(MinimalCell(4))

    def call(self, x, c):
        if self.dynamic:  # want "Keras 3 layers have no `dynamic` attribute"
            x = x + 1
        self.add_loss(tf.reduce_sum(x))
        seen = len(self.metrics)  # want "no Keras 2 `metrics` collection"
        return self.rnn(x, constants=c)  # want "take no `constants` argument"


class Scaled(Attention):
    def __init__(self):
        super(Scaled, self).__init__(dynamic=False)  # want "`dynamic=False` was the default"

    def build(self, shape):
        self.w = self.add_weight(shape=(1,))
        self.add_loss(lambda: tf.reduce_sum(self.w))  # want "`add_loss\\(\\)` takes no callable losses"


d = layers.Dense(3, dynamic=False)  # want "`dynamic=False` was the default"
m = keras.Model(inputs, outputs)
m.add_loss(tf.reduce_mean(outputs))  # want "symbolic `add_loss\\(\\)` was removed"
m.train_on_batch(x, y, reset_metrics=True)  # want "as `reset_metrics=True` did: remove it"
m.test_on_batch(x, y, reset_metrics=False)  # want "to accumulate over several batches"
m.predict_on_batch(x, reset_metrics=True)  # want "`predict_on_batch\\(\\)` takes no `reset_metrics`"
m.train_on_batch(x, y, reset_metrics=flag)  # want "to accumulate over several batches"

# %%
from keras.layers import LSTM as KerasLSTM
import keras as k3

r5 = KerasLSTM(4, time_major=True)  # want "no `time_major` argument"
r6 = k3.layers.SimpleRNN(4, dynamic=True)  # want "take no `dynamic` argument"

# %%
# OK
from tensorflow.keras import Model


class MyModel(Model):
    def call(self, x):
        self.add_loss(tf.reduce_sum(x))

        def regularise():
            self.add_loss(tf.reduce_sum(x) * 0.1)

        regularise()
        return x

    def report(self):
        return self.metrics, self.dynamic_shapes


class Helper:
    def __init__(self):
        self.dynamic = True

    def go(self, losses):
        losses.add_loss(1.0)
        return self.dynamic, self.metrics


class Flexible(layers.Layer):
    def __init__(self):
        super().__init__()
        self.dynamic = False

    def call(self, x):
        return x if self.dynamic else -x


r7 = layers.LSTM(32, return_sequences=True)
y = something(x, constants=c)
tracker.update(time_major=True)
tf.compat.v1.losses.add_loss(extra)
opt.minimize(loss, reset_metrics=True)
m.train_on_batch(x, y)
mixed = layers.Dense(3, activation="relu")
