import keras
import numpy as np
from keras import layers

inputs = layers.Input(shape=(10,))
x1 = layers.Dense(5, activation="relu")(inputs)
x2 = layers.Dense(5, activation="relu")(x1)
output_1 = layers.Dense(5, activation="softmax", name="output_1")(x1)
output_2 = layers.Dense(5, activation="softmax", name="output_2")(x2)
x_test = np.random.uniform(size=[10, 10])
y_test = np.random.uniform(size=[10, 5])

# OK: the guide's fixed code passes metrics.
multi_output_model = keras.Model(inputs=inputs, outputs=[output_1, output_2])
multi_output_model.compile(
    optimizer="adam",
    loss="categorical_crossentropy",
    metrics=["categorical_crossentropy", "categorical_crossentropy"],
)
multi_output_model.evaluate(x_test, y_test)

# OK: a single output, a Keras 2 positional metrics argument, no compile seen,
# and a model from a function.
single = keras.Model(inputs, output_1)
single.compile(optimizer="adam", loss="mse")
single.evaluate(x_test, y_test)
positional = keras.Model(inputs, [output_1, output_2])
positional.compile("adam", "mse", ["mae"])
positional.evaluate(x_test, y_test)
uncompiled = keras.Model(inputs, [output_1, output_2])
uncompiled.evaluate(x_test, y_test)
built = make_model()
built.compile(loss="mse")
built.evaluate(x_test, y_test)


def evaluate(model):
    model.compile(loss="mse")
    return model.evaluate(x_test, y_test)
