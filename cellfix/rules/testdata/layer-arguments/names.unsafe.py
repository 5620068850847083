from tensorflow import keras
from tensorflow.keras import layers

inputs = keras.Input(shape=(6,), name="in/features")  # want "rejects `/` in layer names"
x = layers.Dense(8, activation="relu", name="block1/dense")(inputs)  # want "renames the layer \"block1_dense\""
x = layers.Dense(8, name=f"block{2}/dense")(x)  # want "choose a name without it"
model = keras.Model(inputs, x, name='my/model')  # want "rejects `/`"

# %%
# OK
path = os.path.join("a/b", name="c/d")
