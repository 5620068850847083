# TensorFlow code that must stay TensorFlow on every backend is left alone
# outside Keras layers and models; rewrites keep working on JAX.
# %%
import numpy as np
import tensorflow as tf
import tensorflow_hub as hub
import keras
# %%
# OK: methods of classes built on TensorFlow's own base classes.
class Scale(tf.Module):
    def __init__(self):
        self.w = tf.Variable(2.0)

    def __call__(self, x):
        return tf.reduce_sum(x) * self.w


class Pair(tf.experimental.ExtensionType):
    a: tf.Tensor

    def total(self):
        return tf.reduce_sum(self.a)
# %%
# OK: a later cell's subclass of a tf.Module subclass.
class Doubler(Scale):
    def __call__(self, x):
        return tf.square(x)
# %%
# OK: values handed to tf.function objects and TensorFlow-only APIs, at
# once or through a variable.
@tf.function
def cube(x):
    return x ** 3


square = tf.function(lambda x: x * x)
cube(tf.constant(2.0))
cube.get_concrete_function(tf.constant(1.0))
square(tf.ones((2,)))
v = tf.Variable(tf.zeros((3,)))
start = tf.constant([1.0, 2.0])
cube(start)
loaded = tf.saved_model.load("exported")
loaded.serve(tf.ones((1, 4)))
embed = hub.load("https://example.org/embed")
embed(tf.ones((1, 8)))
# %%
# OK: ops on values only TensorFlow has.
words = tf.constant(["a b", "c"])
count = tf.size(words)
path = tf.constant(str(123))
table = tf.ragged.constant([[1, 2], [3]])
rows = tf.shape(table)
total = tf.reduce_sum(v)
# %%
# OK: TensorFlow-only objects reached through variables, attributes and
# method calls, and lists holding TensorFlow-only values.
serve = loaded.signatures["serving_default"]
serve(tf.ones((1, 4)))
concrete = cube.get_concrete_function(start)
concrete(tf.ones((2,)))
scale = Scale()
scale(tf.ones((2,)))
arr = tf.TensorArray(tf.float32, size=2)
arr = arr.write(0, tf.ones((2,)))
arr = arr.write(1, tf.zeros((2,)))
pair = Pair(a=tf.ones((2,)))
same = tf.ones_like(pair)
both_tables = tf.concat([table, table], axis=0)
results = loaded(tf.ones((1, 4)))
best = tf.argmax(results["logits"])
is_tensor = isinstance(best, type(tf.constant(0)))
# %%
# OK: blocks TensorFlow controls: TensorFlow 1 graphs and sessions, device
# placement.
graph = tf.Graph()
with graph.as_default(), tf.compat.v1.Session(graph=graph) as sess:
    ones = tf.ones((1, 3))
with tf.device("/CPU:0"):
    twos = tf.fill((2,), 2.0)
# %%
# OK: helpers a tf.function calls are traced by TensorFlow too.
def discounted(rewards):
    return tf.cumsum(rewards, reverse=True)


@tf.function
def train_step(rewards):
    return discounted(rewards)
# %%
class Net(keras.Model):
    # OK: a decorator's arguments configure TensorFlow's tracing.
    @tf.function(input_signature=[tf.TensorSpec(shape=[None, 3])])
    def serve(self, x):
        return self(x)


class Tagger(keras.layers.Layer):
    def call(self, x):
        tag = tf.constant(str(x.shape))  # want "needs a hand edit because it makes a string tensor"
        return x
# %%
x = np.ones((2, 3))
top = tf.reduce_max(x).numpy()  # want "use `keras.ops.max`, and `keras.ops.convert_to_numpy\\(...\\)` for `.numpy\\(\\)`"
s = tf.reduce_sum(x)  # want "needs a hand edit because its result later gets `.numpy\\(\\)`"
print(s.numpy())
both = tf.concat([x, x], axis=0)  # want "use `keras.ops.concatenate`$"
preds = np.ones((4, 2))
joined = tf.concat(preds, axis=0)  # want "use `keras.ops.concatenate` \\(check: `preds` is not written as a list"
