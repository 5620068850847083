import os

import h5py
from tensorflow import keras
from tensorflow.keras.models import load_model

model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mean_squared_error")
model.save("regressor.h5")
# %%
reloaded = load_model("regressor.h5")
history = reloaded.fit(x, y, epochs=1)  # want "cannot train a model loaded with its optimizer from the `.h5` file `\"regressor.h5\"`"
print(os.path.exists("regressor.h5"))

# %%
model.save("inspected.h5")
with h5py.File("inspected.h5") as f:
    print(list(f))
again = keras.models.load_model("inspected.h5")
again.fit(x, y)  # want "the fix is unsafe because line 2 also names the file, and may need it as it was"
path = os.path.join("models", "net.hdf5")
keras.models.save_model(model, path)
third = keras.models.load_model(path)
third.fit(x, y)  # want "the fix is unsafe because the save's path is not a plain string"

# %%
model.save("no_optimizer.h5", include_optimizer=False)
fourth = keras.models.load_model("no_optimizer.h5")
fourth.fit(x, y)  # want "the fix is unsafe because the save passes `include_optimizer`"
model.save("out/joined.h5")
print(os.path.getsize(os.path.join("out", "joined.h5")))
fifth = keras.models.load_model("out/joined.h5")
fifth.fit(x, y)  # want "the fix is unsafe because line 5 also names the file"
