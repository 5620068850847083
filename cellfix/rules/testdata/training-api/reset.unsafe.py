from tensorflow import keras
from tensorflow.keras import layers

model = keras.Sequential([keras.Input(batch_shape=(4, 5, 2)), layers.SimpleRNN(6, stateful=True), layers.Dense(1)])
for epoch in range(2):
    model.train_on_batch(x, y)
    model.reset_states()  # want "Keras 3 models have no `reset_states\\(\\)`"
value = model.reset_states()  # want "Keras 3 models have no `reset_states\\(\\)`"

# %%
# OK
rnn = layers.LSTM(3, stateful=True)
rnn.reset_states()
tracker.reset_states()
