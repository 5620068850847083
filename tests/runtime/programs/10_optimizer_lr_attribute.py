"""Reading and changing optimizer.lr during training (manual step decay)."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import backend as K

np.random.seed(10)
x = np.random.rand(32, 3).astype("float32")
y = np.random.rand(32, 1).astype("float32")

model = keras.Sequential([keras.layers.Dense(1, input_shape=(3,))])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="mse")
model.fit(x, y, epochs=1, verbose=0)

old_lr = K.get_value(model.optimizer.lr)
K.set_value(model.optimizer.lr, old_lr * 0.5)
new_lr = float(model.optimizer.lr.numpy())
print("SUMMARY", "halved=%s" % bool(abs(new_lr - 0.005) < 1e-7))
