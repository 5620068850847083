import os

import tensorflow as tf

EXPORT_DIR = "exported/final"
m1 = tf.keras.models.load_model("exported/classifier")  # want "Keras 3's `load_model\\(\\)` reads only `.keras` and `.h5` files, not the SavedModel `\"exported/classifier\"`"
m2 = tf.keras.models.load_model("exported/classifier", compile=False)  # want "TFSMLayer"
m3 = tf.keras.models.load_model("exported/classifier", custom_objects={"Act": Act})  # want "TFSMLayer"
m4 = tf.keras.models.load_model("exported/classifier", options=load_options)  # want "TFSMLayer"
m5 = tf.keras.models.load_model(os.path.join(root, "exported"))  # want "TFSMLayer"

# %%
from tensorflow.keras.models import load_model

m6 = load_model('exported/net.tf')  # want "TFSMLayer"

# %%
from keras.models import load_model as restore_model

m7 = restore_model(filepath="exported/x")  # want "TFSMLayer"

# %%
import keras
from keras import saving

m8 = keras.saving.load_model("exported/y")  # want "TFSMLayer"
m9 = saving.load_model("exported/y2")  # want "TFSMLayer"
saved_dir = "exported/z"
m10 = keras.models.load_model(saved_dir)  # want "TFSMLayer\\(saved_dir"

# %%
m11 = keras.models.load_model(EXPORT_DIR)  # want "SavedModel `EXPORT_DIR`"
target = "best.keras"
m12 = keras.models.load_model(target)
target = "exported/best"
m13 = keras.models.load_model(target)  # want "SavedModel `target`"

# %%
# OK
keras.models.load_model("m.keras")
keras.models.load_model("m.h5")
keras.models.load_model("m.hdf5")
keras.models.load_model(path_from_config)
keras.models.load_model(f"{root}/{name}")
keras.models.load_model(os.path.join(root, "best.keras"))
keras.models.load_model("hf://keras-io/classifier")
tf.saved_model.load("exported/classifier")
keras.layers.TFSMLayer("exported/classifier", call_endpoint="serving_default")


def restore(saved_dir):
    return keras.models.load_model(saved_dir)


class Loader:
    def load_model(self, path):
        return path


Loader().load_model("exported/other")
keras.models.load_model(assigned_later)
assigned_later = "exported/later"
# %%
# The code goes on to use the loaded object as a model, which a TFSMLayer
# is not: no fix.
restored = keras.models.load_model("exported/net")  # want "the code then uses `restored.compile\\(\\)`, which a TFSMLayer lacks"
# %%
restored.compile(optimizer="adam", loss="mse")
scores = keras.models.load_model("exported/net").predict(x)  # want "the code then uses `.predict\\(\\)`"
# %%
# Only uses of this very assignment count: a later model of the same name
# does not.
reloaded = keras.models.load_model("exported/other")  # want "TFSMLayer"
reloaded = keras.Sequential([keras.layers.Dense(1)])
reloaded.compile(optimizer="adam", loss="mse")
# %%
# Saved by this very code: the savedmodel-save fix moves both to model.keras.
model = keras.Sequential([keras.layers.Dense(1)])
model.save("exported/own")
own = keras.models.load_model("exported/own")  # want "that this code saves earlier: the fix of that save also saves `model.keras` inside the directory"
run_dir = os.path.join("runs", "1")
keras.models.save_model(model, run_dir)
own2 = keras.models.load_model(run_dir)  # want "that this code saves earlier"
cb = keras.callbacks.ModelCheckpoint("exported/best", save_best_only=True)
best = keras.models.load_model("exported/best")  # want "that this code saves earlier"
# %%
# Saved with an argument export() lacks, or exported: no fix of the save
# changes this call, and the finding says what to do instead.
model.save("exported/signed", save_format="tf", signatures={"serving_default": serve})
signed = keras.models.load_model("exported/signed")  # want "that save has no automatic fix that could change it: save the model to a `.keras` file as well"
model.export("exported/served")
served = keras.models.load_model("exported/served")  # want "that save has no automatic fix"
# %%
# A loaded model handed to a function that takes only models: a TFSMLayer
# cannot stand in for it, so no TFSMLayer fix.
handed = keras.models.load_model("exported/handed")  # want "the code then uses `keras.models.save_model\\(handed, ...\\)`"
keras.models.save_model(handed, "exported/handed.keras")
copied = keras.models.load_model("exported/copied")  # want "the code then uses `keras.models.clone_model\\(copied, ...\\)`"
twin = keras.models.clone_model(model=copied)
