"""Trains one small model with each Keras 2 optimizer of
cellfix/rules/optimizer_moves.tsv (tf_keras, the Keras 2 package) and with
the Keras 3 class of the same name, from the same weights on the same data,
every listed argument set away from its default, and prints the largest
weight difference per row as JSON. Rows of the legacy module are also
trained with `decay` against Keras 3's InverseTimeDecay schedule. Run by
test_optimizer_moves.py under KERAS_BACKEND=tensorflow."""

import json
import os
import sys

import numpy as np
import keras
import tf_keras

HERE = os.path.dirname(os.path.abspath(__file__))
TABLE = os.path.join(HERE, "..", "..", "cellfix", "rules", "optimizer_moves.tsv")

# A value away from the default for every argument the table may list.
VALUES = {
    "learning_rate": 0.05, "beta_1": 0.8, "beta_2": 0.9, "epsilon": 0.1, "amsgrad": True,
    "momentum": 0.5, "nesterov": True, "rho": 0.8, "centered": True,
    "initial_accumulator_value": 0.5, "weight_decay": 0.01,
    "learning_rate_power": -0.6, "l1_regularization_strength": 0.01,
    "l2_regularization_strength": 0.01, "l2_shrinkage_regularization_strength": 0.01, "beta": 0.1,
    "clipnorm": 0.05, "clipvalue": 0.01, "global_clipnorm": 0.05,
}
DECAY = 0.05


def rows():
    with open(TABLE) as f:
        for line in f:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                module, cls, args, safety, _note = line.split("\t")
                yield module, cls, args.split(","), safety


rng = np.random.default_rng(0)
W = [rng.standard_normal((5, 2)).astype("float32"), rng.standard_normal(2).astype("float32")]
X = rng.random((32, 5)).astype("float32")
Y = rng.random((32, 2)).astype("float32")
# Twelve steps of gradients, of mixed sign and size.
GRADS = [[rng.standard_normal(w.shape).astype("float32") * 0.5 for w in W] for _ in range(12)]


def fit(lib, optimizer):
    """Trains one Dense layer with fit(), as programs do: 12 steps."""
    model = lib.Sequential([lib.Input((5,)), lib.layers.Dense(2)])
    model.set_weights(W)
    model.compile(optimizer=optimizer, loss="mse")
    model.fit(X, Y, batch_size=8, epochs=3, shuffle=False, verbose=0)
    return model.get_weights()


def apply(lib, optimizer):
    """Applies the same gradients to the same weights eagerly, step by
    step: quicker than fit() for the clipping arguments."""
    import tensorflow as tf

    variables = [tf.Variable(w) for w in W] if lib is tf_keras else [keras.Variable(w) for w in W]
    for grads in GRADS:
        optimizer.apply_gradients([(tf.constant(g), v) for g, v in zip(grads, variables)])
    return [np.array(v.numpy()) for v in variables]


def difference(a, b):
    return max(float(np.max(np.abs(p - q))) for p, q in zip(a, b))


CLIPPING = ("clipnorm", "clipvalue", "global_clipnorm")

out = []
for module, cls, args, safety in rows():
    old = getattr(getattr(tf_keras.optimizers, module), cls)
    new = getattr(keras.optimizers, cls)
    kwargs = {a: VALUES[a] for a in args if a not in CLIPPING}
    diffs = [difference(fit(tf_keras, old(**kwargs)), fit(keras, new(**kwargs)))]
    # Keras 3 takes one clipping argument at a time.
    for clip in (a for a in args if a in CLIPPING):
        kw = dict(kwargs, **{clip: VALUES[clip]})
        diffs.append(difference(apply(tf_keras, old(**kw)), apply(keras, new(**kw))))
    row = {"name": "%s.%s" % (module, cls), "safety": safety, "difference": max(diffs)}
    if module == "legacy":
        rate = kwargs.pop("learning_rate")
        schedule = keras.optimizers.schedules.InverseTimeDecay(rate, decay_steps=1, decay_rate=DECAY)
        row["decay_difference"] = difference(fit(tf_keras, old(learning_rate=rate, decay=DECAY, **kwargs)),
                                             fit(keras, new(learning_rate=schedule, **kwargs)))
    out.append(row)
json.dump({"keras": keras.__version__, "tf_keras": tf_keras.__version__, "rows": out}, sys.stdout)
