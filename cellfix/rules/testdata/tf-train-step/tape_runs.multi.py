import numpy as np
import tensorflow as tf
import keras


class TapeModel(keras.Model):
    def train_step(self, data):  # want "uses TensorFlow-only APIs"
        x, y = data
        with tf.GradientTape() as tape:
            loss = self.compute_loss(y=y, y_pred=self(x, training=True))
        grads = tape.gradient(loss, self.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.trainable_variables))
        return {"loss": loss}


class PlainModel(keras.Model):
    pass


inputs = keras.Input(shape=(3,))
model = TapeModel(inputs, keras.layers.Dense(1)(inputs))
model.compile(optimizer="sgd", loss="mse")
model.fit(np.ones((4, 3)), np.ones((4, 1)), verbose=0)  # want "runs `TapeModel.train_step`"
model.evaluate(np.ones((4, 3)), np.ones((4, 1)), verbose=0)  # no test_step of its own: Keras's runs
plain = PlainModel(inputs, keras.layers.Dense(1)(inputs))
plain.compile(optimizer="sgd", loss="mse")
plain.fit(np.ones((4, 3)), np.ones((4, 1)), verbose=0)


@tf.function
def step(xb, yb):
    with tf.GradientTape() as tape:
        loss = keras.losses.mean_squared_error(yb, plain(xb))
    return tape.gradient(loss, plain.trainable_weights)


def no_tape(xb):
    return plain(xb)


for _ in range(2):
    step(np.ones((4, 3)), np.ones((4, 1)))  # want "computes gradients with `tf.GradientTape`"
    no_tape(np.ones((4, 3)))

with tf.GradientTape() as g:
    out = plain(np.ones((1, 3)))
grads = g.gradient(out, plain.trainable_weights)  # want "reads a `tf.GradientTape`"
other = [1, 2]
other.index(1)
