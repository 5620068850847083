import os

from tensorflow import keras
from tensorflow.keras.callbacks import ModelCheckpoint

cb1 = keras.callbacks.ModelCheckpoint("best_model.h5", period=1)  # want "has no `period` argument \\(TypeError\\): a checkpoint every epoch is already the default"
cb2 = keras.callbacks.ModelCheckpoint("best_model.h5", save_best_only=True, period=5)  # want "`save_freq=N` counts batches, not epochs"
cb3 = ModelCheckpoint("checkpoints/weights.{epoch:02d}.h5", save_weights_only=True, verbose=0)  # want "with `save_weights_only=True`, Keras 3's `ModelCheckpoint` writes only files whose name ends in `.weights.h5`"
cb4 = ModelCheckpoint(filepath="w.hdf5", save_weights_only=True)  # want "writes only files whose name ends in `.weights.h5`"
cb5 = ModelCheckpoint(weights_template, save_weights_only=True)  # want "may not: make sure"
cb6 = ModelCheckpoint("best_model", monitor="val_loss", save_best_only=True)  # want "not to the SavedModel directory `\"best_model\"`"
cb7 = ModelCheckpoint("ckpt/cp-{epoch:04d}.ckpt", save_weights_only=True)  # want "writes only files whose name ends in `.weights.h5`"

# %%
# The files read back in a later cell follow the new name.
model.load_weights("checkpoints/weights.02.h5")
print(sorted(os.listdir("checkpoints")), os.path.exists("w.hdf5"))

# %%
# OK
ModelCheckpoint("best.keras", save_best_only=True)
ModelCheckpoint("best.h5")
ModelCheckpoint("w.weights.h5", save_weights_only=True)
ModelCheckpoint(path_from_config)
ModelCheckpoint("x", save_weights_only=flag)
ModelCheckpoint("log.csv")
keras.callbacks.CSVLogger("log.csv")

# %%
cb8 = ModelCheckpoint("kept_model", save_best_only=True)  # want "the fix is unsafe because line 3 also names the directory: a SavedModel loaded on Keras 2 came back with a fresh optimizer"
print(os.path.isdir("kept_model"))
again = keras.models.load_model("kept_model")
cb9 = ModelCheckpoint(ckpt_dir + "/run1")  # want "the fix is unsafe because the path is not a plain string"
