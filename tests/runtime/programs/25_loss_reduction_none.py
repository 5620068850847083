"""Per-sample losses with losses.Reduction.NONE, weighted by hand."""
import numpy as np
import tensorflow as tf
from tensorflow import keras

np.random.seed(25)
logits = tf.constant(np.random.rand(6, 4).astype("float32"))
labels = tf.constant(np.random.randint(0, 4, size=(6,)))

loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True, reduction=keras.losses.Reduction.NONE)
per_sample = loss_fn(labels, logits)
weights = tf.constant([1.0, 0.0, 1.0, 0.0, 1.0, 0.0])
weighted = tf.reduce_sum(per_sample * weights) / tf.reduce_sum(weights)

mse = tf.keras.losses.MeanSquaredError(reduction=tf.keras.losses.Reduction.SUM)
total = mse(tf.ones((3, 2)), tf.zeros((3, 2)))
print("SUMMARY", "per_sample=%s" % (tuple(per_sample.shape),), "weighted_ok=%s" % bool(weighted.numpy() > 0),
      "sum=%.1f" % float(total))
