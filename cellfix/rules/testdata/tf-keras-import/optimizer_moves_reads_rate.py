import tensorflow as tf

# The code reads the learning rate, so the decay schedule is unsafe, and so
# is the move that needs it.
sgd = tf.keras.optimizers.legacy.SGD(learning_rate=0.01, decay=1e-6)  # want "use `keras.optimizers.SGD`"
print(sgd.learning_rate)
