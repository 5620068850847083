"""Overriding Model.train_step with compiled_loss and compiled_metrics (Keras 2.4+ style)."""
import numpy as np
import tensorflow as tf
from tensorflow import keras


class CustomModel(keras.Model):
    def train_step(self, data):
        x, y = data
        with tf.GradientTape() as tape:
            y_pred = self(x, training=True)
            loss = self.compiled_loss(y, y_pred, regularization_losses=self.losses)
        trainable_vars = self.trainable_variables
        gradients = tape.gradient(loss, trainable_vars)
        self.optimizer.apply_gradients(zip(gradients, trainable_vars))
        self.compiled_metrics.update_state(y, y_pred)
        return {m.name: m.result() for m in self.metrics}


np.random.seed(27)
inputs = keras.Input(shape=(5,))
outputs = keras.layers.Dense(1)(inputs)
model = CustomModel(inputs, outputs)
model.compile(optimizer="adam", loss="mse", metrics=["mae"])
history = model.fit(np.random.rand(32, 5), np.random.rand(32, 1), epochs=2, verbose=0)
print("SUMMARY", "keys=%s" % sorted(history.history), "epochs=%d" % len(history.history["loss"]))
