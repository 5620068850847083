"""A stateful RNN trained over consecutive chunks, resetting state with model.reset_states()."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

batch_size, steps, features = 4, 5, 2
np.random.seed(36)
series = np.random.rand(batch_size, steps * 3, features).astype("float32")

model = keras.Sequential([
    layers.SimpleRNN(6, stateful=True, batch_input_shape=(batch_size, steps, features)),
    layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
for epoch in range(2):
    for i in range(3):
        chunk = series[:, i * steps:(i + 1) * steps]
        model.train_on_batch(chunk, np.random.rand(batch_size, 1))
    model.reset_states()
state = model.layers[0].states[0].numpy()
print("SUMMARY", "state=%s" % (state.shape,), "zero=%s" % bool(np.all(state == 0)))
