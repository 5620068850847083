"""Trains and evaluates models holding a layer that reports a metric: on
Keras 2 (tf_keras) through `self.add_metric(value, name=...)` in call(), the
original code; on Keras 3 through a keras.metrics.Mean made in __init__ and
updated in call(), what metric-api's fix writes. The layer sits in a
functional, a Sequential and a subclassed model, shared by two calls, and in
two places. Prints history, evaluate() results (after a direct call of the
model too) and weight shapes as JSON. Run by test_add_metric.py."""

import json
import sys

import keras
import numpy as np
import tensorflow as tf
import tf_keras

rng = np.random.default_rng(50)
X = rng.random((16, 4)).astype("float32")
Y = rng.random((16, 1)).astype("float32")


class Keras2Stats(tf_keras.layers.Layer):
    def __init__(self, aggregation="mean", **kwargs):
        super().__init__(**kwargs)
        self.aggregation = aggregation

    def call(self, inputs):
        if self.aggregation:
            self.add_metric(tf.reduce_mean(inputs), name="mean_activation", aggregation="mean")
        else:
            self.add_metric(tf.reduce_mean(inputs), name="mean_activation")
        return inputs


class Keras3Stats(keras.layers.Layer):
    def __init__(self, aggregation="mean", **kwargs):
        super().__init__(**kwargs)
        self.mean_activation_metric = keras.metrics.Mean(name="mean_activation")

    def call(self, inputs):
        self.mean_activation_metric.update_state(tf.reduce_mean(inputs))
        return inputs


def models(lib, stats):
    layers = lib.layers

    def functional(aggregation="mean"):
        inputs = lib.Input((4,))
        h = stats(aggregation)(layers.Dense(4, activation="relu")(inputs))
        return lib.Model(inputs, layers.Dense(1)(h))

    def shared():
        inputs = lib.Input((4,))
        s = stats()
        return lib.Model(inputs, layers.Dense(1)(s(layers.Dense(4, activation="relu")(s(inputs)))))

    def twice():
        inputs = lib.Input((4,))
        h = stats()(layers.Dense(4)(stats()(layers.Dense(4, activation="relu")(inputs))))
        return lib.Model(inputs, layers.Dense(1)(h))

    class Sub(lib.Model):
        def __init__(self):
            super().__init__()
            self.d1, self.s, self.d2 = layers.Dense(4, activation="relu"), stats(), layers.Dense(1)

        def call(self, x):
            return self.d2(self.s(self.d1(x)))

    def subclassed():
        m = Sub()
        m(X[:1])
        return m

    return {"functional": functional, "no_aggregation": lambda: functional(None), "shared": shared, "twice": twice,
            "sequential": lambda: lib.Sequential([lib.Input((4,)), layers.Dense(4, activation="relu"), stats(), layers.Dense(1)]),
            "subclassed": subclassed}


def run(lib, stats):
    out = {}
    for name, build in models(lib, stats).items():
        for metrics in (None, ["mae"]):
            model = build()
            init = np.random.default_rng(1)
            model.set_weights([(init.standard_normal(w.shape) * 0.5).astype("float32") for w in model.get_weights()])
            model.compile(optimizer=lib.optimizers.SGD(0.01), loss="mse", metrics=metrics)
            history = model.fit(X, Y, epochs=2, batch_size=4, shuffle=False, verbose=0, validation_data=(X, Y))
            seen = {"history": history.history,
                    "evaluate": model.evaluate(X, Y, batch_size=4, verbose=0),
                    "evaluate_dict": model.evaluate(X, Y, batch_size=4, verbose=0, return_dict=True)}
            model(X)
            seen["evaluate_after_call"] = model.evaluate(X, Y, batch_size=4, verbose=0, return_dict=True)
            seen["weight_shapes"] = [list(w.shape) for w in model.get_weights()]
            out["%s/%s" % (name, metrics)] = seen
    return out


json.dump({"keras2": run(tf_keras, Keras2Stats), "keras3": run(keras, Keras3Stats)}, sys.stdout, default=float)
