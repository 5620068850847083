import tensorflow as tf
from tensorflow import keras
from tensorflow.keras.optimizers import Adam, SGD

opt1 = Adam(lr=0.001)  # want "take no `lr` argument .*it is `learning_rate`"
opt2 = keras.optimizers.RMSprop(lr=1e-4, rho=0.9)  # want "it is `learning_rate`"
opt3 = tf.keras.optimizers.legacy.SGD(lr=0.01, decay=1e-6, momentum=0.9)  # want "it is `learning_rate`" "ignore `decay`.*InverseTimeDecay"
opt4 = SGD(learning_rate=0.1, decay=0.0)  # want "`decay=0` was no decay: remove it"
opt5 = Adam(decay=1e-4)  # want "ignore `decay`"
opt6 = Adam(lr=0.1, learning_rate=0.2)  # want "`learning_rate` is given too"


class MyAdam(keras.optimizers.Adam):
    pass


opt7 = MyAdam(lr=0.5)  # want "it is `learning_rate`"


class LRLogger(keras.callbacks.Callback):
    def on_epoch_end(self, epoch, logs=None):
        print(keras.backend.get_value(self.model.optimizer.lr))  # want "no `lr` attribute"


model = keras.Sequential([keras.layers.Dense(1)])
model.compile(optimizer=opt1, loss="mse")
old = model.optimizer.lr  # want "no `lr` attribute"
model.optimizer.lr = old * 0.5  # want "no `lr` attribute"
rate = opt2.lr  # want "no `lr` attribute"

# %%
# OK
opt8 = Adam(learning_rate=0.001)
sched = keras.optimizers.schedules.ExponentialDecay(0.1, decay_steps=10, decay_rate=0.9)
layer = keras.layers.Dense(3)
something(lr=0.1, decay=0.2)
config.lr = 0.3
print(args.lr, layer.lr)
