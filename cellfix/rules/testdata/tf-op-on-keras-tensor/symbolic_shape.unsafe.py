# A shape read from a symbolic tensor has no batch size yet, and the Keras
# ops that build tensors of a given shape need it: no fix for those. The
# tf.shape calls get their unsafe fix (named .unsafe. so the golden shows it).
# KNOWN DEFECT, recorded rather than blessed: with real Keras 3 the fixed
# lines still fail, keras.ops.shape(tokens) is (None, None), which tf.fill,
# tf.random.normal and tf.zeros reject ("Attempt to convert a value (None)").
# The rule should not offer this fix where the shape feeds such an op.
# %%
import tensorflow as tf
import keras
# %%
tokens = keras.Input(shape=(None,), dtype="int32")
batch = tf.shape(tokens)[:1]  # want "use `keras.ops.shape`"
starts = tf.fill(dims=batch, value=1)  # want "`keras.ops.full` needs a static shape.*custom layer"
noise = tf.random.normal(tf.shape(tokens))  # want "`tf.shape` is applied" "`keras.random.normal` needs a static shape"
blank = tf.zeros(tf.shape(tokens), tf.int32)  # want "`tf.shape` is applied" "`keras.ops.zeros` needs a static shape"
