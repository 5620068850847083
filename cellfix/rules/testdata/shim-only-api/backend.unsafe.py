import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import backend as K


def rmse(y_true, y_pred):
    return K.sqrt(K.mean(K.square(y_pred - y_true), axis=-1))  # want "keras.backend.sqrt" "keras.backend.mean" "keras.backend.square"


total = K.sum(v, axis=0, keepdims=True) / K.prod(v)  # want "keras.backend.sum" "keras.backend.prod"
shape = K.int_shape(model.layers[0].kernel)  # want "keras.backend.int_shape"
old_lr = K.get_value(model.optimizer.learning_rate)  # want "keras.backend.get_value"
K.set_value(model.optimizer.learning_rate, old_lr * 0.5)  # want "keras.backend.set_value"
ok = K.set_value(w, 1.0)  # want "keras.backend.set_value"
var = K.variable(np.zeros((2, 2)), dtype="float32")  # want "keras.backend.variable"
parts = K.concatenate([a, b], axis=-1)  # want "keras.backend.concatenate"
cube = K.pow(a + b, 3)  # want "keras.backend.pow"
noise = K.random_normal(shape=(2, 3), mean=0.0, stddev=1.0)  # want "keras.backend.random_normal"
loss_fn = keras.losses.SparseCategoricalCrossentropy(reduction=keras.losses.Reduction.NONE)  # want "keras.losses.Reduction.NONE"
mse = tf.keras.losses.MeanSquaredError(reduction=tf.keras.losses.Reduction.SUM)  # want "keras.losses.Reduction.SUM"
decoded = K.ctc_decode(preds, input_length=lengths, greedy=True)  # want "keras.backend.ctc_decode"
odd = K.sum(x, 1, False, "extra")  # want "keras.backend.sum"
fn = K.sum  # want "keras.backend.sum"
get_hidden = K.function([model.inputs[0]], [model.layers[0].output])  # want "keras.backend.function.*fix: Keras 3 removed it without a one-line equivalent.*inference mode"
outputs = get_hidden([x])[0]
both = K.function(model.inputs, [model.layers[0].output, model.output])  # want "keras.backend.function"
phase = K.learning_phase()  # want "keras.backend.learning_phase"
# Keras 2 on TensorFlow 2 raised here too: learning_phase() is the integer 0.
mc = K.function([model.input, K.learning_phase()], [model.output])  # want "keras.backend.function.*no fix: `K.learning_phase\\(\\)`, or a number such as the 0 it returns, among the inputs" "keras.backend.learning_phase"

# %%
# OK
eps = K.epsilon()
fmt = K.floatx()
extractor = keras.Model(model.inputs, model.layers[0].output).predict_on_batch
