# %%
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras.models import Sequential

model = keras.Sequential([keras.layers.Dense(3, input_shape=(4,), name="hidden"), keras.layers.Dense(1)])
other = Sequential([keras.Input((2,)), keras.layers.Dense(2)])

# %%
grad_model = tf.keras.models.Model([model.inputs], [model.get_layer("hidden").output, model.output])  # want "model.outputs.0."
shape = model.input.shape  # want "model.inputs.0."
print(other.output)  # want "other.outputs.0."

# %%
inputs = keras.Input((4,))
functional = keras.Model(inputs, keras.layers.Dense(2)(inputs))
print(functional.output)  # OK: a functional model has its output
print(model.get_layer("hidden").output)  # OK: a layer that was called
model.output_names = ["y"]  # OK: not .output
