"""CTC as in the Keras OCR captcha example: a CTCLayer with ctc_batch_cost, then ctc_decode."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers


class CTCLayer(layers.Layer):
    def __init__(self, name=None):
        super().__init__(name=name)
        self.loss_fn = keras.backend.ctc_batch_cost

    def call(self, y_true, y_pred):
        batch_len = tf.cast(tf.shape(y_true)[0], dtype="int64")
        input_length = tf.cast(tf.shape(y_pred)[1], dtype="int64")
        label_length = tf.cast(tf.shape(y_true)[1], dtype="int64")
        input_length = input_length * tf.ones(shape=(batch_len, 1), dtype="int64")
        label_length = label_length * tf.ones(shape=(batch_len, 1), dtype="int64")
        loss = self.loss_fn(y_true, y_pred, input_length, label_length)
        self.add_loss(loss)
        return y_pred


timesteps, features, n_classes, label_len = 12, 6, 5, 3
np.random.seed(29)
x = np.random.rand(8, timesteps, features).astype("float32")
labels = np.random.randint(0, n_classes - 1, size=(8, label_len)).astype("float32")

input_seq = layers.Input(shape=(timesteps, features), name="features")
input_labels = layers.Input(name="label", shape=(None,), dtype="float32")
h = layers.Dense(8, activation="relu", name="dense1")(input_seq)
probs = layers.Dense(n_classes, activation="softmax", name="dense2")(h)
output = CTCLayer(name="ctc_loss")(input_labels, probs)
model = keras.models.Model(inputs=[input_seq, input_labels], outputs=output)
model.compile(optimizer=keras.optimizers.Adam())
model.fit({"features": x, "label": labels}, epochs=1, batch_size=4, verbose=0)

prediction_model = keras.models.Model(model.get_layer(name="features").input, model.get_layer(name="dense2").output)
preds = prediction_model.predict(x, verbose=0)
input_len = np.ones(preds.shape[0]) * preds.shape[1]
decoded = keras.backend.ctc_decode(preds, input_length=input_len, greedy=True)[0][0]
print("SUMMARY", "preds=%s" % (preds.shape,), "decoded_rows=%d" % decoded.shape[0])
