import tensorflow as tf
from tensorflow import keras

model = keras.Sequential([keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse", experimental_run_tf_function=False)  # want "takes no `experimental_run_tf_function` argument .*accepted and ignored it"
model.compile("adam", "mse", sample_weight_mode="temporal", metrics=["mae"])  # want "takes no `sample_weight_mode`"
model.compile(optimizer="adam", loss="mse", target_tensors=None)  # want "takes no `target_tensors`.*ignored"
model.compile(optimizer="adam", loss="mse", distribute=strategy)  # want "only accepted `distribute=None`"
model.fit_generator(batches(), steps_per_epoch=4, epochs=1, verbose=0)  # want "have no `fit_generator\\(\\)`"
model.fit_generator(batches(), 4, 2)  # want "have no `fit_generator\\(\\)`"
model.fit_generator(generator=batches(), steps_per_epoch=4)  # want "have no `fit_generator\\(\\)`"
scores = model.evaluate_generator(batches(), steps=4)  # want "`evaluate_generator\\(\\)` printed nothing by default"
preds = model.predict_generator(batches(), steps=2, verbose=1)  # want "have no `predict_generator\\(\\)`"
model.fit(seq, epochs=1, workers=2, use_multiprocessing=False, max_queue_size=4, verbose=0)  # want "takes no `workers`" "takes no `use_multiprocessing`" "takes no `max_queue_size`"
pred = model.predict(seq, workers=2)  # want "`predict\\(\\)` takes no `workers`.*PyDataset"
model.fit_generator(seq, steps_per_epoch=2, workers=4)  # want "no `fit_generator\\(\\)`" "`fit\\(\\)` takes no `workers`"


def train(m):
    m.fit_generator(gen, epochs=3)  # want "no `fit_generator\\(\\)`"


class Net(keras.Model):
    def train(self, data):
        self.fit(data, workers=4)  # want "takes no `workers`"

flat = keras.Sequential([keras.Input(batch_shape=(4, 5, 2)), keras.layers.SimpleRNN(6, stateful=True)])
flat.reset_states()  # want "Keras 3 models have no `reset_states\\(\\)`"
grown = keras.Sequential([keras.layers.LSTM(2, stateful=True)])
grown.add(model)
grown.reset_states()  # want "Keras 3 models have no `reset_states\\(\\)`"

# %%
# OK
model.fit(x, y, epochs=1)
model.compile(optimizer="adam", loss="mse", jit_compile=False)
clf = RandomForestClassifier()
clf.fit(x, y, workers=2)
loader.compile(sample_weight_mode="temporal")
pool.predict(x, max_queue_size=3)
