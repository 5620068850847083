# OK: the full names round-trip, and a load before any compile is not this code's model.
import keras

early = keras.models.load_model("pretrained.h5")
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mean_squared_error", metrics=["mae"])
model.save("regressor.h5")
reloaded = keras.models.load_model("regressor.h5")
