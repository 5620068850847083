# tf-keras-import would respell the call to keras.models.load_model, which
# savedmodel-load says fails on a SavedModel: the statement's plan ends in a
# TFSMLayer, an unsafe fix, so with --unsafe-fixes the whole plan applies.
import tensorflow as tf

restored = tf.keras.models.load_model("saved_models/regressor")  # want "use `keras.models.load_model`" "reads only `.keras` and `.h5` files"
print(restored(x))
