"""Reading evaluate() results by position through model.metrics_names."""
import numpy as np
import tensorflow as tf
from tensorflow import keras

np.random.seed(23)
x = np.random.rand(40, 5).astype("float32")
y = np.random.randint(0, 2, size=(40, 1))

model = keras.Sequential([keras.layers.Dense(8, activation="relu", input_shape=(5,)),
                          keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy",
              metrics=["accuracy", keras.metrics.AUC(name="auc")])
model.fit(x, y, epochs=1, verbose=0)
scores = model.evaluate(x, y, verbose=0)
report = {}
for name, value in zip(model.metrics_names, scores):
    report[name] = value
acc_index = model.metrics_names.index("accuracy")
print("SUMMARY", "names=%s" % model.metrics_names, "acc_index=%d" % acc_index,
      "in_range=%s" % (0.0 <= report["auc"] <= 1.0))
