#!/usr/bin/env python3
"""Generate a folder of Keras 2 notebooks for the batch benchmark.

The notebooks are made here from templates, with names, sizes and choices
drawn from a seeded random generator: the same seed gives the same files,
byte for byte. Nothing is downloaded or copied from elsewhere. Their shapes
follow what public notebooks look like: a markdown introduction, imports in
one of several styles, synthetic data, a model (Sequential, functional or
subclassed), training (fit, fit_generator, a GradientTape loop), plots,
evaluation and saving, with long training logs and images in the outputs.

    python3 bench/gen_notebooks.py --out DIR [--count 400] [--seed 13]
"""

import argparse
import base64
import json
import os
import random
import sys

IMPORT_STYLES = [
    """import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers
import matplotlib.pyplot as plt""",
    """import os
import numpy as np
import pandas as pd
import tensorflow as tf
from tensorflow.keras.models import Sequential, Model, load_model
from tensorflow.keras.layers import Dense, Dropout, Conv2D, MaxPooling2D, Flatten, Input, BatchNormalization
from tensorflow.keras.optimizers import Adam, SGD, RMSprop
from tensorflow.keras.callbacks import EarlyStopping, ModelCheckpoint, ReduceLROnPlateau
import matplotlib.pyplot as plt
%matplotlib inline""",
    """import tensorflow as tf
import numpy as np
tf.random.set_seed({seed})
np.random.seed({seed})
print(tf.__version__)""",
    """from tensorflow.keras import backend as K
from tensorflow.keras.utils import to_categorical
from tensorflow.keras.preprocessing.image import ImageDataGenerator
from tensorflow.keras.preprocessing.sequence import pad_sequences
import tensorflow.keras as keras
import numpy as np""",
    """import keras
from keras.models import Sequential
from keras.layers import Dense, LSTM, Embedding, Dropout
from keras.utils import np_utils
import numpy as np""",
]

DATA_CELLS = [
    """n_samples = {n}
x_train = np.random.rand(n_samples, {dim}).astype("float32")
y_train = np.random.randint(0, {classes}, size=(n_samples,))
x_test = np.random.rand(n_samples // 5, {dim}).astype("float32")
y_test = np.random.randint(0, {classes}, size=(n_samples // 5,))
print(x_train.shape, y_train.shape)""",
    """images = np.random.rand({n}, {side}, {side}, 3).astype("float32")
labels = tf.keras.utils.to_categorical(np.random.randint({classes}, size={n}), {classes})
dataset = tf.data.Dataset.from_tensor_slices((images, labels))
dataset = dataset.shuffle(1024).batch({batch}).prefetch(tf.data.AUTOTUNE)""",
    """datagen = ImageDataGenerator(
    rescale=1.0 / 255,
    rotation_range={rot},
    width_shift_range=0.1,
    height_shift_range=0.1,
    horizontal_flip=True,
    validation_split=0.2,
)
train_gen = datagen.flow(np.random.rand({n}, {side}, {side}, 3), np.random.randint({classes}, size={n}), batch_size={batch})""",
    """sequences = [list(np.random.randint(1, {vocab}, size=np.random.randint(5, {seqlen}))) for _ in range({n})]
x_seq = pad_sequences(sequences, maxlen={seqlen}, padding="post")
y_seq = np.random.randint(0, 2, size=({n},))""",
    """def load_frame(rows={n}):
    df = pd.DataFrame(np.random.rand(rows, {dim}), columns=[f"f{{i}}" for i in range({dim})])
    df["target"] = (df.sum(axis=1) > {dim} / 2).astype(int)
    return df

df = load_frame()
features = df.drop(columns=["target"]).values
target = df["target"].values
df.head()""",
]

MODEL_CELLS = [
    """model = keras.Sequential([
    layers.Dense({units}, activation="relu", input_shape=({dim},)),
    layers.Dropout({drop}),
    layers.Dense({units2}, activation="relu"),
    layers.Dense({classes}, activation="softmax"),
])
model.summary()""",
    """model = Sequential()
model.add(Conv2D({filters}, (3, 3), activation="relu", input_shape=({side}, {side}, 3)))
model.add(MaxPooling2D((2, 2)))
model.add(Conv2D({filters2}, (3, 3), activation="relu"))
model.add(MaxPooling2D((2, 2)))
model.add(Flatten())
model.add(Dense({units}, activation="relu"))
model.add(Dropout({drop}))
model.add(Dense({classes}, activation="softmax"))""",
    """inputs = tf.keras.Input(shape=({dim},), name="features")
x = tf.keras.layers.Dense({units}, activation="relu")(inputs)
x = tf.keras.layers.BatchNormalization()(x)
x = tf.keras.layers.Dense({units2}, activation="relu")(x)
outputs = tf.keras.layers.Dense({classes}, activation="softmax", name="probs")(x)
model = tf.keras.Model(inputs=inputs, outputs=outputs)""",
    """class ResidualBlock(tf.keras.layers.Layer):
    def __init__(self, units, **kwargs):
        super(ResidualBlock, self).__init__(**kwargs)
        self.dense1 = tf.keras.layers.Dense(units, activation="relu")
        self.dense2 = tf.keras.layers.Dense(units)
        self.norm = tf.keras.layers.LayerNormalization()

    def call(self, inputs, training=False):
        x = self.dense1(inputs)
        x = self.dense2(x)
        return self.norm(x + inputs)


class Classifier(tf.keras.Model):
    def __init__(self, num_classes={classes}):
        super().__init__()
        self.proj = tf.keras.layers.Dense({units})
        self.blocks = [ResidualBlock({units}) for _ in range({depth})]
        self.head = tf.keras.layers.Dense(num_classes)

    def call(self, x, training=False):
        x = self.proj(x)
        for block in self.blocks:
            x = block(x, training=training)
        return self.head(x)

model = Classifier()""",
    """model = Sequential([
    Embedding({vocab}, {units}, input_length={seqlen}),
    LSTM({units2}, return_sequences=False),
    Dropout({drop}),
    Dense(1, activation="sigmoid"),
])""",
    """base = tf.keras.applications.MobileNetV2(input_shape=({side}, {side}, 3), include_top=False, weights=None)
base.trainable = False
x = tf.keras.layers.GlobalAveragePooling2D()(base.output)
x = tf.keras.layers.LeakyReLU(alpha={alpha})(x)
model = tf.keras.Model(base.input, tf.keras.layers.Dense({classes})(x))""",
]

COMPILE_CELLS = [
    """model.compile(optimizer=tf.keras.optimizers.Adam(lr={lr}), loss="sparse_categorical_crossentropy", metrics=["accuracy"])""",
    """opt = SGD(lr={lr}, momentum=0.9, decay={lr} / {epochs})
model.compile(loss="categorical_crossentropy", optimizer=opt, metrics=["accuracy"])""",
    """model.compile(
    optimizer=keras.optimizers.RMSprop(learning_rate={lr}),
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    metrics=[keras.metrics.SparseCategoricalAccuracy()],
)""",
    """optimizer = tf.keras.optimizers.legacy.Adam(learning_rate={lr})
loss_fn = tf.keras.losses.BinaryCrossentropy()
model.compile(optimizer, loss_fn, metrics=["AUC"])""",
]

TRAIN_CELLS = [
    """callbacks = [
    EarlyStopping(monitor="val_loss", patience={patience}, restore_best_weights=True),
    ModelCheckpoint("best_model.h5", save_best_only=True),
    ReduceLROnPlateau(factor=0.5, patience=2),
]
history = model.fit(x_train, y_train, validation_split=0.2, epochs={epochs}, batch_size={batch}, callbacks=callbacks)""",
    """history = model.fit_generator(train_gen, steps_per_epoch=len(train_gen), epochs={epochs}, workers=4, use_multiprocessing=True)""",
    """@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        logits = model(x, training=True)
        loss = loss_fn(y, logits)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss

for epoch in range({epochs}):
    total = 0.0
    for step, (xb, yb) in enumerate(dataset):
        total += float(train_step(xb, yb))
    print(f"epoch {{epoch}}: loss {{total / (step + 1):.4f}}")""",
    """history = model.fit(dataset, epochs={epochs}, verbose=2)""",
    """checkpoint = tf.keras.callbacks.ModelCheckpoint(filepath="ckpt/weights.{{epoch:02d}}.h5", save_weights_only=True, period={patience})
history = model.fit(x_seq, y_seq, epochs={epochs}, batch_size={batch}, validation_split=0.1, callbacks=[checkpoint])""",
]

PLOT_CELLS = [
    """plt.figure(figsize=(10, 4))
plt.subplot(1, 2, 1)
plt.plot(history.history["loss"], label="train")
plt.plot(history.history["val_loss"], label="validation")
plt.legend()
plt.subplot(1, 2, 2)
plt.plot(history.history["accuracy"])
plt.title("accuracy")
plt.show()""",
    """fig, axes = plt.subplots({rows}, {rows}, figsize=(8, 8))
for i, ax in enumerate(axes.flat):
    ax.imshow(np.random.rand({side}, {side}), cmap="gray")
    ax.set_title(f"sample {{i}}")
    ax.axis("off")
plt.tight_layout()""",
]

EVAL_CELLS = [
    """score = model.evaluate(x_test, y_test, verbose=0)
print("Test loss:", score[0])
print("Test accuracy:", score[1])
print(model.metrics_names)""",
    """preds = model.predict(x_test)
predicted = np.argmax(preds, axis=1)
print("accuracy", (predicted == y_test).mean())""",
    """lr_now = K.get_value(model.optimizer.lr)
K.set_value(model.optimizer.lr, lr_now * 0.1)
print(K.int_shape(model.output))""",
]

SAVE_CELLS = [
    """model.save("model.h5")
restored = tf.keras.models.load_model("model.h5")""",
    """model.save("saved_models/{name}")
reloaded = tf.keras.models.load_model("saved_models/{name}")""",
    """model.save_weights("weights_{name}.h5")
model.load_weights("weights_{name}.h5")""",
    """tf.keras.models.save_model(model, "export/{name}", save_format="tf")""",
]

HELPER_CELLS = [
    """def normalize(x, eps={eps}):
    mean = tf.reduce_mean(x, axis=0, keepdims=True)
    std = tf.math.reduce_std(x, axis=0, keepdims=True)
    return (x - mean) / (std + eps)


def batches(x, y, size={batch}):
    for start in range(0, len(x), size):
        yield x[start:start + size], y[start:start + size]""",
    """class DataSequence(tf.keras.utils.Sequence):
    def __init__(self, x, y, batch_size={batch}):
        self.x, self.y, self.batch_size = x, y, batch_size

    def __len__(self):
        return int(np.ceil(len(self.x) / self.batch_size))

    def __getitem__(self, idx):
        sl = slice(idx * self.batch_size, (idx + 1) * self.batch_size)
        return self.x[sl], self.y[sl]""",
    """!pip install -q tensorflow=={tfver}
import sys
print(sys.version)""",
    """config = {{
    "learning_rate": {lr},
    "epochs": {epochs},
    "batch_size": {batch},
    "units": [{units}, {units2}],
    "dropout": {drop},
}}
for key, value in sorted(config.items()):
    print(f"{{key:>15}}: {{value}}")""",
]

LONG_CELLS = [
    """def build_pipeline(x, y, batch_size={batch}, augment=True, shuffle_buffer=1024):
    \"\"\"Make a tf.data pipeline with optional augmentation.\"\"\"
    ds = tf.data.Dataset.from_tensor_slices((x, y))
    if shuffle_buffer:
        ds = ds.shuffle(shuffle_buffer, seed={seed})

    def _augment(image, label):
        image = tf.image.random_flip_left_right(image)
        image = tf.image.random_brightness(image, max_delta=0.1)
        image = tf.clip_by_value(image, 0.0, 1.0)
        return image, label

    def _scale(image, label):
        return tf.cast(image, tf.float32) / 255.0, tf.one_hot(label, depth={classes})

    ds = ds.map(_scale, num_parallel_calls=tf.data.AUTOTUNE)
    if augment:
        ds = ds.map(_augment, num_parallel_calls=tf.data.AUTOTUNE)
    return ds.batch(batch_size).prefetch(tf.data.AUTOTUNE)


def describe(history, keys=("loss", "val_loss", "accuracy", "val_accuracy")):
    rows = []
    for key in keys:
        values = history.history.get(key)
        if not values:
            continue
        rows.append((key, min(values), max(values), values[-1]))
    for key, lo, hi, last in rows:
        print(f"{{key:<14}} min={{lo:.4f}} max={{hi:.4f}} last={{last:.4f}}")
    return rows


def confusion(y_true, y_pred, classes={classes}):
    matrix = np.zeros((classes, classes), dtype=int)
    for t, p in zip(y_true, y_pred):
        matrix[int(t), int(p)] += 1
    return matrix""",
    """class WarmupSchedule(tf.keras.optimizers.schedules.LearningRateSchedule):
    def __init__(self, base_lr={lr}, warmup_steps={n}):
        super().__init__()
        self.base_lr = base_lr
        self.warmup_steps = warmup_steps

    def __call__(self, step):
        step = tf.cast(step, tf.float32)
        warm = self.base_lr * step / self.warmup_steps
        decay = self.base_lr * tf.math.rsqrt(tf.maximum(step, 1.0) / self.warmup_steps)
        return tf.where(step < self.warmup_steps, warm, decay)

    def get_config(self):
        return {{"base_lr": self.base_lr, "warmup_steps": self.warmup_steps}}


class Attention(tf.keras.layers.Layer):
    def __init__(self, units={units}, **kwargs):
        super(Attention, self).__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        self.W = self.add_weight("W", shape=(input_shape[-1], self.units), initializer="glorot_uniform")
        self.v = self.add_weight("v", shape=(self.units, 1), initializer="zeros")
        super(Attention, self).build(input_shape)

    def call(self, x):
        score = tf.nn.tanh(tf.matmul(x, self.W))
        weights = tf.nn.softmax(tf.matmul(score, self.v), axis=1)
        return tf.reduce_sum(weights * x, axis=1)

    def get_config(self):
        config = super().get_config()
        config.update({{"units": self.units}})
        return config""",
    """results = {{}}
for units in [{units2}, {units}]:
    for dropout in [0.1, {drop}]:
        candidate = tf.keras.Sequential([
            tf.keras.layers.Dense(units, activation="relu", input_shape=({dim},)),
            tf.keras.layers.Dropout(dropout),
            tf.keras.layers.Dense(units // 2, activation="relu"),
            tf.keras.layers.Dense({classes}, activation="softmax"),
        ])
        candidate.compile(optimizer=tf.keras.optimizers.Adam(lr={lr}), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        hist = candidate.fit(x_train, y_train, epochs={epochs}, batch_size={batch}, verbose=0, validation_split=0.2)
        results[(units, dropout)] = max(hist.history["val_accuracy"])
        print(units, dropout, results[(units, dropout)])

best = max(results, key=results.get)
print("best configuration:", best, "val_accuracy=%.4f" % results[best])
tf.keras.backend.clear_session()""",
]

MARKDOWN = [
    "# {title}\n\nThis notebook trains a small model on synthetic data and looks at the results.",
    "## Data\n\nWe build {n} samples with {dim} features.",
    "## Model\n\nA network with {units} hidden units and dropout {drop}.",
    "## Training\n\nTrain for {epochs} epochs with batch size {batch}.",
    "### Results\n\n| metric | value |\n|---|---|\n| loss | {loss} |\n| accuracy | {acc} |",
]


def params(rng):
    """Draw the values the templates are filled with."""
    return {
        "n": rng.choice([256, 512, 1000, 2048, 5000, 60000]),
        "dim": rng.choice([8, 16, 20, 32, 64, 784]),
        "classes": rng.choice([2, 3, 5, 10, 100]),
        "side": rng.choice([28, 32, 64, 96, 128, 224]),
        "batch": rng.choice([16, 32, 64, 128, 256]),
        "rot": rng.randint(0, 40),
        "vocab": rng.choice([1000, 5000, 10000, 20000]),
        "seqlen": rng.choice([20, 50, 100, 200]),
        "units": rng.choice([16, 32, 64, 128, 256, 512]),
        "units2": rng.choice([8, 16, 32, 64, 128]),
        "filters": rng.choice([16, 32, 64]),
        "filters2": rng.choice([32, 64, 128]),
        "drop": rng.choice([0.1, 0.2, 0.25, 0.3, 0.5]),
        "depth": rng.randint(1, 6),
        "alpha": rng.choice([0.01, 0.1, 0.2, 0.3]),
        "lr": rng.choice([0.1, 0.01, 0.001, 0.0003, 1e-4]),
        "epochs": rng.choice([3, 5, 10, 20, 30, 50, 100]),
        "patience": rng.randint(2, 10),
        "rows": rng.randint(2, 5),
        "name": "run_%d" % rng.randint(0, 9999),
        "eps": rng.choice([1e-7, 1e-6, 1e-5]),
        "tfver": rng.choice(["2.9.1", "2.10.0", "2.11.0", "2.12.0", "2.13.1"]),
        "seed": rng.randint(0, 2**31),
        "title": rng.choice(["MNIST classifier", "Sentiment with LSTM", "Transfer learning", "Tabular baseline", "Custom training loop"]),
        "loss": "%.4f" % rng.random(),
        "acc": "%.4f" % rng.random(),
    }


def source_lines(text):
    """Split a cell's text the way Jupyter stores it: lines keep their newline."""
    lines = text.split("\n")
    return [line + "\n" for line in lines[:-1]] + [lines[-1]]


def training_log(rng, epochs):
    """A Keras progress log: one line per epoch, with the bar's carriage returns."""
    out = []
    steps = rng.choice([32, 100, 469, 1875])
    for epoch in range(1, epochs + 1):
        loss = 2.0 / (epoch + rng.random())
        acc = 1 - loss / 3
        out.append("Epoch %d/%d\n" % (epoch, epochs))
        out.append(
            "%d/%d [==============================] - %ds %dms/step - loss: %.4f - accuracy: %.4f - val_loss: %.4f - val_accuracy: %.4f\n"
            % (steps, steps, rng.randint(1, 30), rng.randint(2, 40), loss, acc, loss * 1.1, acc * 0.98)
        )
    return out


def fake_png(rng, size):
    """Bytes shaped like a PNG (signature, then noise), base64 as nbformat stores images."""
    data = b"\x89PNG\r\n\x1a\n" + bytes(rng.getrandbits(8) for _ in range(size))
    text = base64.b64encode(data).decode("ascii")
    return [text[i : i + 76] + "\n" for i in range(0, len(text), 76)]


def outputs_for(kind, rng, p, count):
    """The outputs a cell of this kind typically has after a run."""
    if kind == "train":
        return [{"name": "stdout", "output_type": "stream", "text": training_log(rng, p["epochs"])}]
    if kind == "plot":
        return [
            {
                "data": {"image/png": fake_png(rng, rng.randint(4000, 24000)), "text/plain": ["<Figure size 720x288 with 2 Axes>"]},
                "metadata": {"needs_background": "light"},
                "output_type": "display_data",
            }
        ]
    if kind in ("model", "eval", "data") and rng.random() < 0.7:
        lines = ["%s %d\n" % (kind, i) for i in range(rng.randint(3, 40))]
        return [{"execution_count": count, "data": {"text/plain": lines}, "metadata": {}, "output_type": "execute_result"}]
    if rng.random() < 0.1:
        return [
            {
                "ename": "ValueError",
                "evalue": "Shapes (None, 1) and (None, 10) are incompatible",
                "output_type": "error",
                "traceback": ["\u001b[0;31mValueError\u001b[0m Traceback (most recent call last)\n"] * rng.randint(2, 12),
            }
        ]
    return []


def notebook(rng):
    """One notebook: a sequence of sections in a usual order, some repeated."""
    p = params(rng)
    plan = [("markdown", MARKDOWN[0]), ("imports", rng.choice(IMPORT_STYLES))]
    rounds = rng.randint(2, 5)
    for _ in range(rounds):
        p = dict(p, **{k: v for k, v in params(rng).items() if rng.random() < 0.5})
        plan += [
            ("markdown", rng.choice(MARKDOWN[1:])),
            ("data", rng.choice(DATA_CELLS)),
            ("helper", rng.choice(HELPER_CELLS)),
            ("model", rng.choice(MODEL_CELLS)),
            ("compile", rng.choice(COMPILE_CELLS)),
            ("train", rng.choice(TRAIN_CELLS)),
            ("plot", rng.choice(PLOT_CELLS)),
            ("eval", rng.choice(EVAL_CELLS)),
        ]
        if rng.random() < 0.85:
            plan.insert(len(plan) - 5, ("helper", rng.choice(LONG_CELLS)))
        if rng.random() < 0.5:
            plan.append(("save", rng.choice(SAVE_CELLS)))
        if rng.random() < 0.3:
            plan.append(("scratch", "model.summary()"))
    cells = []
    count = 0
    for i, (kind, template) in enumerate(plan):
        text = template.format(**p)
        # People often write several steps into one cell: fold this one into
        # the next code cell (the later kind decides the outputs).
        if kind != "markdown" and i + 1 < len(plan) and plan[i + 1][0] != "markdown" and rng.random() < 0.35:
            plan[i + 1] = (plan[i + 1][0], text.replace("{", "{{").replace("}", "}}") + "\n\n" + plan[i + 1][1])
            continue
        if kind == "markdown":
            cells.append({"cell_type": "markdown", "metadata": {}, "source": source_lines(text)})
            continue
        count += 1
        cells.append(
            {
                "cell_type": "code",
                "execution_count": count,
                "metadata": {},
                "outputs": outputs_for(kind, rng, p, count),
                "source": source_lines(text),
            }
        )
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python", "version": "3.%d.%d" % (rng.randint(7, 11), rng.randint(0, 15))},
        },
        "nbformat": 4,
        "nbformat_minor": rng.choice([2, 4, 5]),
    }


def code_bytes(nb):
    return sum(len("".join(c["source"]).encode()) for c in nb["cells"] if c["cell_type"] == "code")


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, help="folder to write the notebooks into (created; must be empty)")
    ap.add_argument("--count", type=int, default=400, help="number of notebooks (default 400)")
    ap.add_argument("--seed", type=int, default=13, help="random seed (default 13)")
    args = ap.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    if os.listdir(args.out):
        ap.error("%s is not empty" % args.out)
    rng = random.Random(args.seed)
    total_code = total_cells = total_bytes = 0
    for i in range(args.count):
        nb = notebook(rng)
        # Folders of 50, as projects keep notebooks in several places.
        folder = os.path.join(args.out, "project_%02d" % (i // 50))
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, "notebook_%04d.ipynb" % i)
        text = json.dumps(nb, indent=1, ensure_ascii=False) + "\n"
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        total_code += code_bytes(nb)
        total_cells += sum(c["cell_type"] == "code" for c in nb["cells"])
        total_bytes += len(text.encode())
    print(
        "%d notebooks, %d code cells, %.1f MB of code, %.1f MB on disk, in %s"
        % (args.count, total_cells, total_code / 1e6, total_bytes / 1e6, args.out)
    )


if __name__ == "__main__":
    main(sys.argv[1:])
