import tensorflow as tf
import keras


# OK: under target tf, a GradientTape train_step is fine.
class CustomModel(keras.Model):
    def train_step(self, data):
        with tf.GradientTape() as tape:
            loss = self.compute_loss(y=data[1], y_pred=self(data[0]))
        return {"loss": loss}
