import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

inputs = keras.Input(shape=(4,))
x = layers.Lambda(lambda t: t * 2.0, name="double")(inputs)
model = keras.Model(inputs, x)
model.save("lambda_model.h5")
# %%
restored = keras.models.load_model("lambda_model.h5")  # want "builds `Lambda` layers from Python lambdas"
restored2 = keras.models.load_model("lambda_model.h5", custom_objects={"tf": tf})  # want "safe_mode=False"

# %%
# OK
keras.models.load_model("lambda_model.h5", safe_mode=False)
keras.models.load_model("lambda_model.h5", safe_mode=True)
