"""AdamW from tf.keras.optimizers.experimental (TF 2.11 era)."""
import numpy as np
import tensorflow as tf
from tensorflow import keras

np.random.seed(11)
x = np.random.rand(40, 6).astype("float32")
y = np.random.randint(0, 3, size=(40,))

optimizer = tf.keras.optimizers.experimental.AdamW(learning_rate=1e-3, weight_decay=1e-4)
model = keras.Sequential([keras.layers.Dense(12, activation="gelu", input_shape=(6,)),
                          keras.layers.Dense(3)])
model.compile(optimizer=optimizer,
              loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=["accuracy"])
model.fit(x, y, epochs=1, batch_size=8, verbose=0)
print("SUMMARY", "optimizer=%s" % type(optimizer).__name__, "steps=%d" % int(optimizer.iterations.numpy()))
