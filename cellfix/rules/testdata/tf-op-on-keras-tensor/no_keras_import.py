import tensorflow as T
from tensorflow.keras.layers import Input, Dense

x = Input((3,))
y = T.expand_dims(Dense(2)(x), 1)  # want "`T.expand_dims` is applied to the symbolic Keras tensor `Dense.2..x.`; .*use `keras.ops.expand_dims`"
