import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

inputs = keras.Input(shape=(4,))
x = layers.Lambda(lambda t: t * 2.0, name="double")(inputs)
model = keras.Model(inputs, x)
model.save("lambda_model.keras")
# %%
restored = keras.models.load_model("lambda_model.keras")  # want "holds `Lambda` layers built from Python lambdas"
restored2 = keras.models.load_model("lambda_model.keras", custom_objects={"tf": tf})  # want "safe_mode=False"

# %%
# OK
keras.models.load_model("lambda_model.keras", safe_mode=False)
keras.models.load_model("lambda_model.keras", safe_mode=True)

# %%
# A lambda that uses a module cannot be rebuilt even with safe_mode=False.
outputs = layers.Lambda(lambda t: tf.nn.softmax(t), name="softmax")(x)
model2 = keras.Model(inputs, outputs)
model2.save("softmax.keras")
restored3 = keras.models.load_model("softmax.keras")  # want "even with `safe_mode=False` the lambda `lambda t: tf.nn.softmax\\(t\\)` cannot be rebuilt, because it uses `tf`"
