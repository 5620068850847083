"""Runs Keras 2 programs that save a model with Lambda layers to a file and
load it back, each next to what lambda-load-safe-mode K315 makes of it
(every lambda a function registered with Keras), in fresh processes: the
original on Keras 2 (TF_USE_LEGACY_KERAS=1), the fixed one on Keras 3.
Prints JSON: per case, what each observes of the original and the reloaded
model, or the error the load raised. See test_lambda_functions.py."""

import json
import os
import subprocess
import sys
import tempfile

# What the program shows of its models; appended to every program.
OBSERVE = '''
import json as _json
_data = np.random.RandomState(34).rand(3, 4).astype("float32")
_lambdas = [l for l in restored.layers if type(l).__name__ == "Lambda"]
print("OBSERVED", _json.dumps({
    "prediction": model.predict(_data, verbose=0).tolist(),
    "restored_prediction": restored.predict(_data, verbose=0).tolist(),
    "layers": [type(l).__name__ for l in restored.layers],
    "lambda_names": [l.name for l in _lambdas],
    "lambda_settings": [[l.trainable, l.arguments] for l in _lambdas],
    "files": sorted(os.listdir(".")),
}))
'''

HEAD = '''import os
import numpy as np
import tensorflow as tf
'''

# The model of tests/runtime/programs/34_lambda_layer_save_load.py with a
# lambda that reads a global bound once and a Lambda layer without a name,
# and fixed weights so that Keras 2 and Keras 3 can be compared.
BUILD = '''scale = 3.0
inputs = keras.Input(shape=(4,))
x = layers.Lambda({double}, name="double")(inputs)
x = layers.Dense(2)(x)
y = layers.Lambda({scaled})(x)
outputs = layers.Lambda({softmax}, name="softmax")(y)
model = keras.Model(inputs, outputs)
model.layers[2].set_weights([np.arange(8, dtype="float32").reshape(4, 2) / 10, np.array([0.1, -0.2], "float32")])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.save("{path}")
restored = keras.models.load_model("{path}")
'''

ORIGINAL = HEAD + '''from tensorflow import keras
from tensorflow.keras import layers

''' + BUILD.replace("{double}", "lambda t: t * 2.0").replace("{scaled}", "lambda t: tf.nn.softmax(t) * scale + abs(t)") \
    .replace("{softmax}", "lambda t: tf.nn.softmax(t)")

# What the rule writes (see its golden testdata/lambda-load-safe-mode/functions.py.golden).
FIXED = HEAD + '''import keras
from keras import layers


def double_fn(t):
    return t * 2.0


def lambda_fn(t):
    return tf.nn.softmax(t) * scale + abs(t)


def softmax_fn(t):
    return tf.nn.softmax(t)


''' + BUILD.replace("{double}", "keras.saving.register_keras_serializable()(double_fn)") \
    .replace("{scaled}", "keras.saving.register_keras_serializable()(lambda_fn)") \
    .replace("{softmax}", "keras.saving.register_keras_serializable()(softmax_fn)")

# `scale` bound again after the load: the rule keeps the fix unsafe.
REBOUND = "scale = 5.0\n"


def run(source, keras2):
    env = dict(os.environ, KERAS_BACKEND="tensorflow", TF_CPP_MIN_LOG_LEVEL="2", CUDA_VISIBLE_DEVICES="")
    env.pop("TF_USE_LEGACY_KERAS", None)
    if keras2:
        env["TF_USE_LEGACY_KERAS"] = "1"
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "program.py"), "w") as f:
            f.write(source)
        proc = subprocess.run([sys.executable, "program.py"], cwd=tmp, env=env, capture_output=True, text=True, timeout=600)
    for line in proc.stdout.splitlines():
        if line.startswith("OBSERVED "):
            return json.loads(line[len("OBSERVED "):])
    last = proc.stderr.strip().splitlines()[-1:] or ["exit %d" % proc.returncode]
    return {"error": last[0].split(":")[0]}


def case(path, tail=""):
    original = ORIGINAL.replace("{path}", path) + tail + OBSERVE
    fixed = FIXED.replace("{path}", path) + tail + OBSERVE
    return {"keras2": run(original, True), "keras3_fixed": run(fixed, False)}


def main():
    print(json.dumps({
        "hdf5": case("lambda_model.h5"),
        "hdf5_rebound": case("lambda_model.h5", REBOUND),
        "keras_file": case("lambda_model.keras"),
    }))


if __name__ == "__main__":
    main()
