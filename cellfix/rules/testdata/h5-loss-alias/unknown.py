# When the model written to the file cannot be followed, the finding says so.
import keras

model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
model.compile(optimizer="sgd", loss="mse")
# %%
keras.models.load_model("elsewhere.h5")  # want "which model was saved to this `.h5` file cannot be followed: if it is that one"
# %%
registry = {}
registry["m"] = model
registry["m"].save("held.h5")
keras.models.load_model("held.h5")  # want "cannot be followed"
