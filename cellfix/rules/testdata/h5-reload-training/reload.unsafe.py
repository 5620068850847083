import os

import numpy as np
from tensorflow import keras
from tensorflow.keras.models import load_model

model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mean_squared_error")
model.save("regressor.h5")
# %%
reloaded = load_model("regressor.h5")
history = reloaded.fit(x, y, epochs=1)  # want "cannot train a model loaded with its optimizer from the `.h5` file `\"regressor.h5\"`"
print(os.path.exists("regressor.h5"))
path = os.path.join("models", "net.hdf5")
keras.models.save_model(model, path)
again = keras.models.load_model(path)
again.train_on_batch(x, y)  # want "`.h5` file `path`"
outside = keras.models.load_model("downloaded.h5")
outside.fit(x, y)  # want "cannot train"

# %%
# OK
fresh = keras.models.load_model("regressor.h5", compile=False)
fresh.compile(optimizer="adam", loss="mse")
fresh.fit(x, y)
native = keras.models.load_model("regressor.keras")
native.fit(x, y)
preds = keras.models.load_model("other.h5").predict(x)
# OK: compiled again after the load, so the optimizer is a fresh one
rolled_back = keras.models.load_model("regressor.h5")
rolled_back.evaluate(x, y)
# %%
rolled_back.compile(optimizer="sgd", loss="mse")
rolled_back.fit(x, y)
