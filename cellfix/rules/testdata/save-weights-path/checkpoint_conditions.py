import tensorflow as tf
from tensorflow import keras

model = keras.Sequential([keras.layers.Dense(2)])
model.save_weights("cp.ckpt")  # want "checkpoint prefix"
model.load_weights("cp.ckpt")

# %%
# Unsafe: no read here, the status is used, the save is conditional, the path is absolute
model.save_weights("only/written")  # want "unsafe because nothing here reads the checkpoint"
model.save_weights("status/ckpt")  # want "unsafe because the status load_weights\\(\\) returned is used"
status = model.load_weights("status/ckpt")
if retrain:
    model.save_weights("branch/ckpt")  # want "unsafe because the save is not a statement of straight-line code"
model.load_weights("branch/ckpt")
model.save_weights("/tmp/abs/ckpt")  # want "unsafe because the path is not a plain relative one"
model.load_weights("/tmp/abs/ckpt")

# %%
# Unsafe: Keras 2 wrote HDF5, or other code reads the checkpoint
model.save_weights("fmt/ckpt", save_format="h5")  # want "unsafe because `save_format` is not \"tf\""
model.load_weights("fmt/ckpt")
model.save_weights("listed/ckpt")  # want "unsafe because line 6 also names the checkpoint"
model.load_weights("listed/ckpt")
print(tf.train.list_variables("listed/ckpt"))
held = "held/ckpt"
model.save_weights(held, save_format="tf")  # want "unsafe because line 1 of a later cell also names the checkpoint"
model.load_weights(held)
# %%
reader = tf.train.load_checkpoint("held/ckpt")
