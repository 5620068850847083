import numpy as np
import tensorflow as tf
import keras

dense = keras.layers.Dense(3)
out = dense(keras.ops.ones((2, 4))).numpy()  # want "`.numpy\\(\\)` exists only on TensorFlow tensors"
# %%
y = dense(np.ones((2, 4)))
print(y.numpy())  # want "keras.ops.convert_to_numpy"
z = keras.ops.square(y).numpy()  # want "convert_to_numpy"
w = keras.layers.Dense(2)(np.ones((1, 3))).numpy()  # want "convert_to_numpy"

# %%
# OK
t = tf.ones((2, 2)).numpy()
a = np.ones(3)
b = torch_tensor.numpy()
c = dense.kernel.numpy()
d = y.numpy(force=True)
