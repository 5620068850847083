import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

x = np.zeros((7, 4, 3), "float32")
lstm = layers.LSTM(5, time_major=True, return_sequences=True)  # want "transpose time-major input"
seq = lstm(x)
print(len(lstm.weights), seq.shape)
last = layers.GRU(5, time_major=True)(x, training=False)  # want "transpose time-major input"
rnn = tf.keras.layers.SimpleRNN(2, time_major=True, return_state=True)  # want "transpose time-major input"
out, state = rnn(x)

m = keras.Sequential([layers.LSTM(5, time_major=True)])  # want "no automatic fix, because the layer is used other than by calling it"
both = layers.LSTM(5, time_major=True, return_sequences=True, return_state=True)(x)  # want "no automatic fix, because with `return_state`"
masked = layers.LSTM(5, time_major=True)  # want "no automatic fix, because a call of the layer passes `mask`"
y = masked(x, mask=None)
flag = layers.LSTM(5, time_major=flag_value)  # want "no automatic fix, because whether the input is time-major"
seqs = layers.LSTM(5, time_major=True, return_sequences=sequences)(x)  # want "no automatic fix, because `return_sequences` is not a constant"
cell = layers.RNN(layers.LSTMCell(5), time_major=True)(x)  # want "no automatic fix, because only for `LSTM`"
idle = layers.LSTM(5, time_major=True)  # want "no automatic fix, because the layer is never called"
wrapped = layers.Bidirectional(layers.LSTM(5, time_major=True))  # want "no automatic fix, because the layer is used other than"

model = keras.Sequential([keras.Input((3,)), layers.Dense(1)])
model.compile(optimizer="adam", loss="mse", metrics=["mae"])
model.train_on_batch(x[0], x[0, :, :1], reset_metrics=False)  # want "returned averages over the batches since the last reset"
model.test_on_batch(x[0], x[0, :, :1], reset_metrics=keep)  # want "returned averages over the batches since the last reset"

# %%
# A later cell calls the layer too.
z = lstm(x[:, :2])
print(z.shape)

# %%
# OK
ok1 = layers.LSTM(5, return_sequences=True)(x)
model.train_on_batch(x[0], x[0, :, :1])
