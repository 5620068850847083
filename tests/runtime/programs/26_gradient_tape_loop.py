"""A custom training loop with GradientTape, tf.function and metric resets per epoch."""
import numpy as np
import tensorflow as tf
from tensorflow import keras

np.random.seed(26)
tf.random.set_seed(26)
x = np.random.rand(64, 8).astype("float32")
y = np.random.randint(0, 3, size=(64,))
dataset = tf.data.Dataset.from_tensor_slices((x, y)).batch(16)

model = keras.Sequential([keras.layers.Dense(16, activation="relu", input_shape=(8,)),
                          keras.layers.Dense(3)])
optimizer = keras.optimizers.Adam(learning_rate=1e-3)
loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
train_acc = keras.metrics.SparseCategoricalAccuracy()
train_loss = keras.metrics.Mean()


@tf.function
def train_step(xb, yb):
    with tf.GradientTape() as tape:
        logits = model(xb, training=True)
        loss = loss_fn(yb, logits)
    grads = tape.gradient(loss, model.trainable_weights)
    optimizer.apply_gradients(zip(grads, model.trainable_weights))
    train_acc.update_state(yb, logits)
    train_loss.update_state(loss)
    return loss


steps = 0
for epoch in range(2):
    for xb, yb in dataset:
        train_step(xb, yb)
        steps += 1
    train_acc.reset_states()
    train_loss.reset_states()
print("SUMMARY", "steps=%d" % steps, "count=%d" % int(train_loss.count.numpy()),
      "iterations=%d" % int(optimizer.iterations.numpy()))
