import keras

# On the multi target a TFSMLayer would raise NotImplementedError on JAX.
layer = keras.models.load_model("exported/classifier")  # want "on the multi target no TFSMLayer fix is offered"
