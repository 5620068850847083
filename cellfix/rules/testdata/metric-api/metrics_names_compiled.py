from tensorflow import keras
from tensorflow.keras import layers


# Unsafe: a function compiles the model again after the training
def reset():
    late.compile(optimizer="adam", loss="mse")


late = keras.Sequential([layers.Dense(1)])
late.compile(optimizer="adam", loss="mse", metrics=["mae"])
late.fit(x, y)
reset()
print(late.metrics_names)  # want "the fix is unsafe because it names the results of the last fit or evaluate, and the model may be compiled in a function, branch or loop"


# Unsafe: a function compiles whatever model it is given
def recompile(m):
    m.compile(optimizer="adam", loss="mse")


passed = keras.Sequential([layers.Dense(1)])
passed.compile(optimizer="adam", loss="mse")
passed.evaluate(x, y)
recompile(passed)
print(passed.metrics_names)  # want "the fix is unsafe because it names the results of the last fit or evaluate, and the model may be compiled in a function, branch or loop"
