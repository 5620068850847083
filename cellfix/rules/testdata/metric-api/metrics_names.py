from tensorflow import keras
from tensorflow.keras import layers

model = keras.Sequential([layers.Dense(1, input_shape=(5,))])
model.compile(optimizer="adam", loss="mse", metrics=["mae", keras.metrics.AUC(name="auc")])
model.fit(x, y, epochs=1)
scores = model.evaluate(x, y)
for name, value in zip(model.metrics_names, scores):  # want "no longer lines up"
    print(name, value)

inputs = keras.Input(shape=(8,))
one = keras.Model(inputs, layers.Dense(1)(inputs))
one.compile(optimizer="adam", loss="mse")
one.train_on_batch(x, y)
print(one.metrics_names)  # want "no longer lines up"

# %%
# Unsafe: read before any training of the model
fresh = keras.Sequential([layers.Dense(1)])
fresh.compile(optimizer="adam", loss="mse", metrics=["mae"])
print(fresh.metrics_names)  # want "and no fit\\(\\) or evaluate\\(\\)"
if train:
    fresh.fit(x, y)
print(fresh.metrics_names)  # want "and no fit\\(\\) or evaluate\\(\\)"
fresh.fit(x, y)
fresh.compile(optimizer="adam", loss="mse")
print(fresh.metrics_names)  # want "and no fit\\(\\) or evaluate\\(\\)"

# Unsafe: several outputs, or a model built elsewhere
two = keras.Model(inputs, [layers.Dense(1)(inputs), layers.Dense(1)(inputs)])
two.compile(optimizer="adam", loss=["mse", "mse"])
two.evaluate(x, [y, y])
print(two.metrics_names)  # want "not visibly a Sequential or single-output"
built = keras.models.load_model("m.keras")
built.evaluate(x, y)
print(built.metrics_names)  # want "not visibly a Sequential or single-output"
