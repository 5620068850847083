import tensorflow as tf
from tensorflow import keras


class ReadOther(keras.layers.Layer):
    def __init__(self):
        super().__init__(dynamic=True)  # want "unsafe because the code reads `.dynamic` of something that is not known to be the layer"

    def compute_output_shape(self, shape):
        return shape


read_other = keras.Sequential([keras.Input(shape=(3,)), ReadOther(), keras.layers.Dense(1)])
read_other.compile("sgd", "mse")
print(read_other.layers[1].dynamic)
