import keras

# TensorFlow is not imported yet: the fix imports it.
model = keras.Sequential([keras.layers.Dense(2)])
model.save_weights("ckpt/prefix")  # want "checkpoint prefix"
