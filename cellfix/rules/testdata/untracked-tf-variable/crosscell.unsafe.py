# %%
import tensorflow as T
from tensorflow.keras.models import Model
# %%
class Net(Model):
    pass
# %%
class Counter(Net):
    def __init__(me):
        super().__init__()
        me.step = T.Variable(0, False, name="step")  # want "`me.step = tf.Variable"
        me.scale = T.Variable(1.0, dtype=T.float32, trainable=True)  # want "`me.scale"
        me.kept = T.Variable(1.0, constraint=lambda v: v)  # want "`me.kept"
