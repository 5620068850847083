import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

train_acc = keras.metrics.SparseCategoricalAccuracy()
train_loss = tf.keras.metrics.Mean(name="loss")
train_acc.reset_states()  # want "it is `reset_state\\(\\)`"
train_loss.reset_states()  # want "it is `reset_state\\(\\)`"


class Trainer:
    def __init__(self):
        self.auc = keras.metrics.AUC()

    def epoch_end(self):
        self.auc.reset_states()  # want "it is `reset_state\\(\\)`"


model = keras.Sequential([layers.Dense(1)])
model.compile(optimizer="adam", loss="mse", metrics=["mae"])
scores = model.evaluate(x, y)
for name, value in zip(model.metrics_names, scores):  # want "no longer lines up"
    print(name, value)
i = model.metrics_names.index("mae")  # want "no longer lines up"

inputs = keras.Input(shape=(8,))
h = layers.Dense(8)(inputs)
two = keras.Model(inputs, [layers.Dense(3)(h), layers.Dense(1)(h)])
two.compile(optimizer="adam", loss=["sparse_categorical_crossentropy", "mse"], metrics=["accuracy"])  # want "this model has 2 outputs"
history = two.fit(x, [y1, y2], epochs=1)  # want "compiled at line 29"
two.compile("adam", ["mse", "mse"], metrics=["mae", "mse", keras.metrics.AUC()])  # want "create one per output"
three = keras.Model(inputs=inputs, outputs=[h, h, h])
three.compile(optimizer="adam", loss="mse", metrics=["mae", "mse"])  # want "this model has 3 outputs"
two.compile(optimizer="adam", loss=["mse", "mse"], metrics=["mae", "mse"])


class ActivationStats(layers.Layer):
    def call(self, inputs):
        self.add_metric(tf.reduce_mean(inputs), name="mean_activation")  # want "removed `add_metric\\(\\)`"
        return inputs

# %%
# OK
class Counter(keras.metrics.Metric):
    def reset_states(self):
        pass


c = Counter()
c.reset_states()
model.reset_states()
rnn = layers.LSTM(3, stateful=True)
rnn.reset_states()
one = keras.Model(inputs, h)
one.compile(optimizer="adam", loss="mse", metrics=["mae"])
two.compile(optimizer="adam", loss=["mse", "mse"], metrics=[["mae"], ["mae"]])
two.compile(optimizer="adam", loss=["mse", "mse"], metrics={"a": "mae"})
report.metrics_names = ["a"]
print(trainer.metrics_names)
tracker.add_metric(3)
