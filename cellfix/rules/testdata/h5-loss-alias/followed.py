# The rule judges the model that was written to the file, not any model.
import keras
import numpy as np


def small():
    return keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])


net = small()
net.compile(optimizer="sgd", loss="mae")
net.save("scored.h5")
# %%
back = keras.models.load_model("scored.h5")  # want "cannot read back an `.h5` model compiled with the loss abbreviation \"mae\""
# %%
# A ModelCheckpoint writes the model whose fit() it is given.
ckpt_net = small()
ckpt_net.compile(optimizer="sgd", loss="msle")
best = keras.callbacks.ModelCheckpoint("best.h5", save_best_only=True)
ckpt_net.fit(np.ones((4, 3)), np.ones((4, 1)), callbacks=[best])
keras.models.load_model("best.h5")  # want "abbreviation \"msle\""
# %%
# OK: the name was rebound to another model, compiled with the full name.
model = small()
model.compile(optimizer="sgd", loss="mse")
model = small()
model.compile(optimizer="sgd", loss="mean_squared_error")
model.save("rebound.h5")
keras.models.load_model("rebound.h5")
# %%
# OK: compiled again with the full name before the save.
twice = small()
twice.compile(optimizer="sgd", loss="mse")
twice.compile(optimizer="sgd", loss="mean_squared_error")
twice.save("twice.h5")
keras.models.load_model("twice.h5")
# %%
# OK: the abbreviation is another model's; the saved one uses a function.
other = small()
other.compile(optimizer="sgd", loss="mse")
kept = small()
kept.compile(optimizer="sgd", loss=keras.losses.Huber(2.0))
kept.save("huber.h5")
keras.models.load_model("huber.h5", custom_objects={})
# %%
# OK: compiled with the abbreviation only after the save.
late = small()
late.save("late.h5")
late.compile(optimizer="sgd", loss="mse")
keras.models.load_model("late.h5")
# %%
# OK: the checkpoint is given to the fit() of a model with a full-name loss.
good = small()
good.compile(optimizer="sgd", loss="mean_absolute_error")
keep_best = keras.callbacks.ModelCheckpoint("good.h5", save_best_only=True)
good.fit(np.ones((4, 3)), np.ones((4, 1)), callbacks=[keep_best])
keras.models.load_model("good.h5")
# %%
# OK: a checkpoint with save_weights_only writes weights, no model: the
# file still holds the model saved to it before, compiled with a full name.
full = small()
full.compile(optimizer="sgd", loss="mean_squared_logarithmic_error")
full.save("weights_too.h5")
aliased = small()
aliased.compile(optimizer="sgd", loss="msle")
every_epoch = keras.callbacks.ModelCheckpoint("weights_too.h5", save_weights_only=True)
aliased.fit(np.ones((4, 3)), np.ones((4, 1)), callbacks=[every_epoch])
keras.models.load_model("weights_too.h5")
