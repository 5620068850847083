import keras
from tensorflow.keras.models import load_model

model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse", metrics=["mae"])
model.save("regressor.h5")
# %%
reloaded = load_model("regressor.h5")  # want "cannot read back an `.h5` model compiled with the loss abbreviation \"mse\""
multi = keras.Model(inp, [a, b])
multi.compile(optimizer="adam", loss={"out_mae": "mae", "b": 'MAPE'})
again = keras.models.load_model("multi.hdf5", custom_objects={})  # want "abbreviation"

# %%
# OK
keras.models.load_model("regressor.h5", compile=False)
keras.models.load_model("regressor.keras")
keras.models.load_model("regressor.h5", None, False)
