# %%
import tensorflow as tf
import keras
# %%
class CustomModel(keras.Model):
    def train_step(self, data):  # want "`train_step` of `CustomModel` uses TensorFlow-only APIs \\(`tf.GradientTape`\\).*override `compute_loss.*keras.backend.backend\\(\\)"
        x, y = data
        with tf.GradientTape() as tape:
            y_pred = self(x, training=True)
            loss = self.compute_loss(y=y, y_pred=y_pred)
        grads = tape.gradient(loss, self.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.trainable_variables))
        return {"loss": tf.reduce_mean(loss)}

    def test_step(self, data):  # want "`test_step` of `CustomModel` uses TensorFlow-only APIs \\(`tf.print`, `tf.debugging.assert_all_finite`\\)"
        x, y = data
        tf.print("evaluating")
        y_pred = tf.debugging.assert_all_finite(self(x), "nan")
        return {"loss": self.compute_loss(y=y, y_pred=y_pred)}
# %%
from tensorflow import GradientTape
# %%
# A subclass of a user model, defined in a later cell.
class Clipped(CustomModel):
    def train_step(self, data):  # want "`train_step` of `Clipped` uses TensorFlow-only APIs \\(`GradientTape`, `tf.clip_by_global_norm`\\)"
        with GradientTape() as tape:
            loss = self.compute_loss(y=data[1], y_pred=self(data[0]))
        grads, _ = tf.clip_by_global_norm(tape.gradient(loss, self.trainable_variables), 1.0)
        return {"loss": loss}
# %%
# OK: the guide's backend-agnostic compute_loss.
class MyModel(keras.Model):
    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None):
        loss = keras.ops.sum(keras.losses.mean_squared_error(y, y_pred, sample_weight))
        return loss
# %%
# OK: the guide's per-backend train_step.
class PerBackend(keras.Model):
    def train_step(self, *args, **kwargs):
        if keras.backend.backend() == "jax":
            return self._jax_train_step(*args, **kwargs)
        elif keras.backend.backend() == "tensorflow":
            return self._tensorflow_train_step(*args, **kwargs)
        elif keras.backend.backend() == "torch":
            return self._torch_train_step(*args, **kwargs)

    def _jax_train_step(self, state, data):
        pass

    def _tensorflow_train_step(self, data):
        with tf.GradientTape() as tape:
            pass

    def _torch_train_step(self, data):
        pass
# %%
# OK: only ops tf-op-to-keras-ops rewrites, and a train_step on a plain class.
class OpsOnly(keras.Model):
    def test_step(self, data):
        y_pred = self(data[0])
        return {"loss": tf.reduce_mean(tf.square(data[1] - y_pred)), "kind": tf.float32}


class NotKeras:
    def train_step(self, data):
        with tf.GradientTape() as tape:
            pass
