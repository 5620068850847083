import os

import tensorflow as tf
from tensorflow import keras

model = keras.Sequential([keras.layers.Dense(2)])
model.save("exported/classifier")  # want "Keras 3's `save\\(\\)` writes only `.keras` and `.h5` files, so saving a SavedModel to `\"exported/classifier\"` fails"
model.save("exported/classifier", save_format="tf")  # want "saving a SavedModel"
model.save(filepath="exported/by_keyword")  # want "saving a SavedModel"
model.save("classifier.tf")  # want "saving a SavedModel"
model.save("exported/with_options", include_optimizer=False)  # want "saving a SavedModel"
tf.keras.models.save_model(model, "exported/functional")  # want "`save_model\\(\\)` writes only"
keras.models.save_model(model, "exported/functional_tf", save_format="tf")  # want "`save_model\\(\\)` writes only"
model.save("classifier.keras", save_format="tf")  # want "`save_format` is deprecated in Keras 3 and ignored for a `.keras` or `.h5` path: the call still saves"
model.save("classifier.h5", save_format="h5")  # want "`save_format` is deprecated in Keras 3 and ignored for a `.keras` or `.h5` path: the call still saves"
model.save("classifier_h5", save_format="h5")  # want "has no `save_format=\"h5\"`"
model.save_weights("ckpt/weights", save_format="tf")  # want "`save_weights\\(\\)` takes no `save_format`"

# %%
import keras as k3

net = k3.Model(inputs, outputs)
net.save("exported/net")  # want "saving a SavedModel"

# %%
from keras.models import Sequential

clf = Sequential()
clf.save('exported/clf')  # want "saving a SavedModel"
(clf).save("exported/paren")  # want "saving a SavedModel"

# %%
# Paths held in variables or built by os.path.join are exported as they are.
export_dir = "exported/run1"
model.save(export_dir)  # want "saving a SavedModel to `export_dir`"
model.save(f"{root}/saved")  # want "saving a SavedModel"
model.save(os.path.join(out_dir, "final"))  # want "saving a SavedModel"
model.save(f"exported/{name}")  # want "not known to end in either"
model.save(MODEL_DIR)  # want "not known to end in either"


class SaveEveryEpoch(keras.callbacks.Callback):
    def on_epoch_end(self, epoch, logs=None):
        self.model.save(f"ckpt/epoch_{epoch}")  # want "not known to end in either"


class Classifier(keras.Model):
    def archive(self):
        self.save("exported/self")  # want "saving a SavedModel"


def build_model():
    return keras.Sequential()


built = build_model()
built.save("exported/built")  # want "saving a SavedModel"
clf2 = Classifier()
clf2.save("exported/subclass")  # want "saving a SavedModel"


# %%
# OK
model.save("m.keras")
model.save("m.h5")
model.save("weights.hdf5")
model.save(f"runs/{name}.keras")
model.save(os.path.join(out_dir, "best.keras"))
model.save(out_dir / "best.keras")
keras_path = "final.keras"
model.save(keras_path)
model.save(f"{EXPORT_ROOT}/{name}.keras")
model.save("hf://user/classifier")
model.save("exported/unzipped", zipped=False)
model.save_weights("ckpt/w.weights.h5")
np.save("x.npy", a)
img.save("pic.png")
img.save("pic", "PNG")
plt.savefig("curve.png")
df.save("frame")
obj.save()
manager.save()
tf.saved_model.save(model, "exported/tf")
saver.save(sess, "ckpt/model")
unknown_thing.save("data.bin")


def train_and_save(model, path):
    model.save(path)  # a parameter: nothing says it is a Keras model


def save(m, path):
    return m


save(model, "exported/x")
ckpt = tf.train.Checkpoint(model=model)
ckpt.save("ckpt/prefix")

# %%
# OK
import gensim
from PIL import Image

photo = Image.open("a.jpg")
photo.save("out")
w2v_model = gensim.models.Word2Vec(sentences)
w2v_model.save("word2vec.model")


class Report:
    def save(self, path):
        pass

    def flush(self):
        self.save("reports/today")

# %%
# The code loads the path back: export, and save model.keras inside it.
import os
import keras

model.save("saved_models/regressor")  # want "reads it back with `load_model\\(\\)`"
# %%
restored = keras.models.load_model("saved_models/regressor")
export_dir = os.path.join("export", "classifier", "1")
model.save(export_dir, save_format="tf")  # want "so also save the model as `model.keras` inside `export_dir`"
reloaded = keras.models.load_model(export_dir, compile=False)
keras.models.save_model(model, "exported/fn")  # want "reads it back"
again = keras.models.load_model("exported/fn")
# OK: loaded before it is saved, so not this program's SavedModel
first = keras.models.load_model("exported/earlier")
model.save("exported/earlier")  # want "use `export\\(\"exported/earlier\"\\)` to write a SavedModel, or save to a `.keras` file$"
# %%
# A second save of the same directory is what the load after it reads: the
# first save's fix leaves that load alone (the second has no fix: options=).
model.save("runs/latest")  # want "use `export\\(\"runs/latest\"\\)` to write a SavedModel, or save to a `.keras` file$"
model.save("runs/latest", options=save_options)  # want "reads it back with `load_model\\(\\)`"
latest = keras.models.load_model("runs/latest")
