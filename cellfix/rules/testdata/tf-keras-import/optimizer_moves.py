import tensorflow as tf

# Proven the same on real Keras (optimizer_moves.tsv): safe.
adam = tf.keras.optimizers.legacy.Adam(learning_rate=1e-3, beta_1=0.8)  # want "use `keras.optimizers.Adam`"
sgd = tf.keras.optimizers.legacy.SGD(lr=0.01, decay=1e-6, momentum=0.9)  # want "use `keras.optimizers.SGD`"
adamw = tf.keras.optimizers.experimental.AdamW(1e-3, weight_decay=1e-4)  # want "use `keras.optimizers.AdamW`"
# Trains other weights on Keras 3: unsafe.
nadam = tf.keras.optimizers.legacy.Nadam(learning_rate=1e-3)  # want "use `keras.optimizers.Nadam`"
# Arguments the table does not list, two by position, not a call: unsafe.
named = tf.keras.optimizers.legacy.Adam(learning_rate=1e-3, name="opt")  # want "use `keras.optimizers.Adam`"
positional = tf.keras.optimizers.legacy.Adam(1e-3, 0.8)  # want "use `keras.optimizers.Adam`"
cls = tf.keras.optimizers.legacy.RMSprop  # want "use `keras.optimizers.RMSprop`"
