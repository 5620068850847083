import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

x = np.random.rand(7, 4, 3).astype("float32")
lstm = layers.LSTM(5, time_major=True, return_sequences=True, go_backwards=True)  # want "if needed.$"
seq = lstm(x, initial_state=[tf.zeros((4, 5)), tf.zeros((4, 5))])
print(len(lstm.weights), seq.shape, lstm.count_params())
last = layers.GRU(5, time_major=True, reset_after=False)(x[:, :2], training=True)  # want "if needed.$"
out, state = layers.SimpleRNN(2, time_major=True, return_state=True)(tf.constant(x))  # want "if needed.$"

# %%
# The input is a Keras tensor: the transposes would go into the model.
inputs = keras.Input(batch_shape=(7, 4, 3))
symbolic = layers.LSTM(5, time_major=True)(inputs)  # want "unsafe because the layer's input is not known to be a numpy or TensorFlow array"
# A masked layer output: the transpose drops the mask.
masked = layers.LSTM(5, time_major=True)(layers.Masking()(x))  # want "unsafe because the layer's input is not known"
dropped = layers.LSTM(5, time_major=True, dropout=0.2)(x)  # want "unsafe because the layer sets `dropout`"
config = layers.GRU(5, time_major=True)  # want "unsafe because the code uses the layer's `get_config`"
config(x)
print(config.get_config())
# A TensorFlow op on a Keras tensor gave a Keras tensor in Keras 2.
swapped = tf.transpose(inputs, (1, 0, 2))
through_tf = layers.LSTM(5, time_major=True)(swapped)  # want "unsafe because the layer's input is not known"
