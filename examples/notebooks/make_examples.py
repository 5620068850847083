"""Writes the example Keras 2 notebooks in this folder with the real nbformat.

The notebooks are committed; run this again only to change them:

    .venv/bin/python examples/notebooks/make_examples.py

then regenerate the converted goldens with

    go test ./migrate -run TestExamples -args -update

and review the diff. Cell ids and outputs are fixed so the files are
reproducible. The outputs stand for what a Keras 2 run printed; they are
there so the examples look like notebooks people actually have, and so the
tests show that converting leaves outputs alone.
"""

import pathlib

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

HERE = pathlib.Path(__file__).resolve().parent

METADATA = {
    "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
    "language_info": {
        "codemirror_mode": {"name": "ipython", "version": 3},
        "file_extension": ".py",
        "mimetype": "text/x-python",
        "name": "python",
        "nbconvert_exporter": "python",
        "pygments_lexer": "ipython3",
        "version": "3.10.12",
    },
}


def md(cell_id, text):
    return new_markdown_cell(text, id=cell_id)


def code(cell_id, count, text, stdout=None):
    outputs = []
    if stdout is not None:
        outputs.append(new_output("stream", name="stdout", text=stdout))
    return new_code_cell(text, id=cell_id, execution_count=count, outputs=outputs)


def mnist_classifier():
    return [
        md("intro", "# MNIST digit classifier\n\nA small convolutional network trained on MNIST with `tf.keras`, with light data augmentation."),
        code("setup", 1, "%matplotlib inline\nimport numpy as np\nimport matplotlib.pyplot as plt\nimport tensorflow as tf\nfrom tensorflow import keras\nfrom tensorflow.keras import layers\n\nprint(\"TensorFlow\", tf.__version__)",
             stdout="TensorFlow 2.15.0\n"),
        md("data-md", "## Load and scale the data"),
        code("data", 2, "(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()\n\nx_train = np.expand_dims(x_train.astype(\"float32\") / 255.0, -1)\nx_test = np.expand_dims(x_test.astype(\"float32\") / 255.0, -1)\ny_train = keras.utils.to_categorical(y_train, 10)\ny_test = keras.utils.to_categorical(y_test, 10)\nprint(x_train.shape[0], \"train samples,\", x_test.shape[0], \"test samples\")",
             stdout="60000 train samples, 10000 test samples\n"),
        md("model-md", "## Build the model"),
        code("model", 3, "model = keras.Sequential(\n    [\n        keras.Input(shape=(28, 28, 1)),\n        layers.Conv2D(32, kernel_size=3, activation=\"relu\"),\n        layers.MaxPooling2D(pool_size=2),\n        layers.Conv2D(64, kernel_size=3, activation=\"relu\"),\n        layers.MaxPooling2D(pool_size=2),\n        layers.Flatten(),\n        layers.Dropout(0.5),\n        layers.Dense(10, activation=\"softmax\"),\n    ]\n)\nmodel.compile(\n    loss=\"categorical_crossentropy\",\n    optimizer=tf.keras.optimizers.Adam(learning_rate=1e-3),\n    metrics=[\"accuracy\"],\n)\nmodel.summary()"),
        md("train-md", "## Train with augmentation\n\nSmall shifts and rotations make the network less sensitive to where the digit sits."),
        code("train", 4, "from tensorflow.keras.preprocessing.image import ImageDataGenerator\n\ndatagen = ImageDataGenerator(rotation_range=10, width_shift_range=0.1, height_shift_range=0.1)\nhistory = model.fit(\n    datagen.flow(x_train, y_train, batch_size=128),\n    epochs=3,\n    validation_data=(x_test, y_test),\n    callbacks=[tf.keras.callbacks.EarlyStopping(monitor=\"val_loss\", patience=2)],\n)"),
        code("evaluate", 5, "score = model.evaluate(x_test, y_test, verbose=0)\nprint(f\"test loss {score[0]:.4f}, test accuracy {score[1]:.4f}\")",
             stdout="test loss 0.0371, test accuracy 0.9881\n"),
        code("plot", 6, "plt.plot(history.history[\"accuracy\"], label=\"train\")\nplt.plot(history.history[\"val_accuracy\"], label=\"validation\")\nplt.xlabel(\"epoch\")\nplt.legend()\nplt.show()"),
        md("save-md", "## Save for serving"),
        code("save", 7, "model.save(\"mnist_cnn\")"),
    ]


def custom_layer():
    return [
        md("intro", "# A custom dense layer\n\nA `Linear` layer with its own weights, a thresholded activation and a round trip through its config."),
        code("imports", 1, "import numpy as np\nimport tensorflow as tf\nfrom tensorflow.keras import layers\nfrom tensorflow.keras.layers import Input, Dense, ThresholdedReLU\nfrom tensorflow.keras.models import Model"),
        md("layer-md", "## The layer"),
        code("layer", 2, "@tf.keras.utils.register_keras_serializable(package=\"examples\")\nclass Linear(layers.Layer):\n    \"\"\"y = x W + b, with W and b created on first call.\"\"\"\n\n    def __init__(self, units=32, **kwargs):\n        super().__init__(**kwargs)\n        self.units = units\n\n    def build(self, input_shape):\n        self.w = self.add_weight(\n            name=\"w\",\n            shape=(input_shape[-1], self.units),\n            initializer=\"random_normal\",\n            trainable=True,\n        )\n        self.b = self.add_weight(name=\"b\", shape=(self.units,), initializer=\"zeros\", trainable=True)\n\n    def call(self, inputs):\n        return tf.matmul(inputs, self.w) + self.b\n\n    def get_config(self):\n        config = super().get_config()\n        config.update({\"units\": self.units})\n        return config"),
        md("model-md", "## Use it in a functional model"),
        code("model", 3, "inputs = Input(shape=(16,))\nx = Linear(32)(inputs)\nx = ThresholdedReLU(theta=0.5)(x)\noutputs = Dense(1)(x)\nmodel = Model(inputs, outputs)\nmodel.compile(optimizer=\"adam\", loss=\"mse\")\n\nx_train = np.random.rand(256, 16).astype(\"float32\")\ny_train = x_train.sum(axis=1, keepdims=True)\nmodel.fit(x_train, y_train, epochs=2, batch_size=32, verbose=0)\nprint(model.predict(x_train[:2]).shape)",
             stdout="(2, 1)\n"),
        md("config-md", "## Rebuild the layer from its config"),
        code("config", 4, "layer = Linear(8)\nclone = Linear.from_config(layer.get_config())\nprint(clone.units)",
             stdout="8\n"),
    ]


def save_load():
    return [
        md("intro", "# Saving and loading a model\n\nTrain a small regressor, save it in the formats Keras 2 offered, and load it back."),
        code("imports", 1, "import numpy as np\nimport tensorflow as tf\nfrom tensorflow import keras"),
        code("train", 2, "model = keras.Sequential([\n    keras.Input(shape=(4,)),\n    keras.layers.Dense(16, activation=\"relu\"),\n    keras.layers.Dense(1),\n])\nmodel.compile(optimizer=\"adam\", loss=\"mse\")\nx = np.random.rand(128, 4).astype(\"float32\")\ny = x @ np.array([[1.0], [2.0], [-1.0], [0.5]], dtype=\"float32\")\nmodel.fit(x, y, epochs=5, verbose=0)"),
        md("save-md", "## Save\n\nA TensorFlow SavedModel directory for serving, and single-file copies for Keras."),
        code("save", 3, "model.save(\"saved_models/regressor\")\nmodel.save(\"regressor.h5\")\nmodel.save(\"regressor.keras\")\nmodel.save_weights(\"regressor.weights.h5\")"),
        md("load-md", "## Load"),
        code("load", 4, "restored = tf.keras.models.load_model(\"saved_models/regressor\")\nfrom_h5 = keras.models.load_model(\"regressor.h5\")\nfrom_keras = keras.models.load_model(\"regressor.keras\")\nprint(np.allclose(from_h5.predict(x), from_keras.predict(x), atol=1e-5))",
             stdout="True\n"),
    ]


def main():
    for name, cells in [
        ("mnist_classifier", mnist_classifier()),
        ("custom_layer", custom_layer()),
        ("save_load", save_load()),
    ]:
        nb = new_notebook(cells=cells, metadata=METADATA)
        nbformat.validate(nb)
        nbformat.write(nb, HERE / f"{name}.ipynb")


if __name__ == "__main__":
    main()
