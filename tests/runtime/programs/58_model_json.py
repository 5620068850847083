"""Architecture to JSON and back with model_from_json, weights copied over."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras.models import model_from_json

model = keras.Sequential([keras.layers.Dense(4, activation="relu", input_shape=(3,)), keras.layers.Dense(2)])
json_config = model.to_json()
with open("model.json", "w") as f:
    f.write(json_config)
with open("model.json") as f:
    rebuilt = model_from_json(f.read())
rebuilt.set_weights(model.get_weights())
np.random.seed(58)
data = np.random.rand(2, 3)
same = np.allclose(model.predict(data, verbose=0), rebuilt.predict(data, verbose=0))
print("SUMMARY", "same=%s" % same, "layers=%d" % len(rebuilt.layers))
