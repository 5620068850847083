import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

inputs = keras.Input(shape=(6,))
hidden = layers.Dense(8, activation="relu")(inputs)
logits = layers.Dense(3)(hidden)
outputs = layers.Softmax()(logits)
model = keras.Model(inputs=inputs, outputs=outputs)
model.add_loss(0.01 * tf.reduce_mean(tf.square(hidden)) + 0.1 * tf.reduce_mean(tf.abs(logits)))  # want "symbolic `add_loss\\(\\)` was removed"

two = keras.Model(inputs, [outputs, logits])
two.add_loss(tf.reduce_sum(hidden))  # want "no automatic fix, because the model is not a `keras.Model\\(inputs, outputs\\)` with one output"

later = keras.Model(inputs, outputs)
extra = layers.Dense(2)(hidden)
later.add_loss(tf.reduce_sum(extra))  # want "no automatic fix, because a tensor the loss reads is not bound where the model is built"
later.add_loss(tf.constant(1.0))  # want "no automatic fix, because the loss reads no symbolic tensor by name"


if later is not None:
    later.add_loss(tf.reduce_sum(hidden))  # want "no automatic fix, because it is not a statement of its own at module level"


class Sub(keras.Model):
    pass


sub = Sub(inputs, outputs)
sub.add_loss(tf.reduce_sum(hidden))  # want "no automatic fix, because the model is not a `keras.Model"
