import tensorflow as tf
from tensorflow import keras

model = keras.Sequential([keras.layers.Dense(2)])
model.save_weights("cp.ckpt")  # want "checkpoint prefix"
model.load_weights("cp.ckpt")

# %%
# Unsafe: no read here, the status is used, the save is conditional, the path is absolute
model.save_weights("only/written")  # want "unsafe here: nothing here reads the checkpoint"
model.save_weights("status/ckpt")  # want "unsafe here: the status load_weights\\(\\) returned is used"
status = model.load_weights("status/ckpt")
if retrain:
    model.save_weights("branch/ckpt")  # want "unsafe here: the save is not a statement of straight-line code"
model.load_weights("branch/ckpt")
model.save_weights("/tmp/abs/ckpt")  # want "unsafe here: the path is not a plain relative one"
model.load_weights("/tmp/abs/ckpt")
