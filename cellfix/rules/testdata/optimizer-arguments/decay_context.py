import keras

# Numbers, and nothing reads or sets the rate: the schedule is Keras 2's decay.
sgd = keras.optimizers.SGD(learning_rate=0.01, decay=1e-6, momentum=0.9)  # want "InverseTimeDecay"
# A rate held in a name: reported, fixed only with --unsafe-fixes.
base = 0.01
adam = keras.optimizers.Adam(learning_rate=base, decay=1e-4)  # want "InverseTimeDecay"
