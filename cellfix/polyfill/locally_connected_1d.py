"""Keras 2's LocallyConnected1D (implementation=1) for Keras 3, on any backend.

gokmig inserts the code below the imports into a program that uses the layer.
"""
import keras


# Keras 3 removed LocallyConnected1D: a local copy inserted by gokmig (unsafe fix),
# with Keras 2's weights (kernel: (output_length, kernel_size * channels, filters)).
class LocallyConnected1D(keras.layers.Layer):
    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                 implementation=1, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.filters = filters
        self.kernel_size = tuple(kernel_size) if isinstance(kernel_size, (list, tuple)) else (kernel_size,)
        self.strides = tuple(strides) if isinstance(strides, (list, tuple)) else (strides,)
        self.padding = padding.lower()
        if self.padding != "valid" or implementation != 1:
            raise ValueError("this LocallyConnected1D supports only padding='valid' and implementation=1")
        self.data_format = data_format or keras.config.image_data_format()
        self.activation = keras.activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = keras.initializers.get(kernel_initializer)
        self.bias_initializer = keras.initializers.get(bias_initializer)
        self.kernel_regularizer = keras.regularizers.get(kernel_regularizer)
        self.bias_regularizer = keras.regularizers.get(bias_regularizer)
        self.kernel_constraint = keras.constraints.get(kernel_constraint)
        self.bias_constraint = keras.constraints.get(bias_constraint)
        self.implementation = implementation

    def build(self, input_shape):
        first = self.data_format == "channels_first"
        channels, length = (input_shape[1], input_shape[2]) if first else (input_shape[2], input_shape[1])
        self.output_length = (length - self.kernel_size[0]) // self.strides[0] + 1
        self.kernel = self.add_weight(
            name="kernel", shape=(self.output_length, self.kernel_size[0] * channels, self.filters),
            initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint)
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                name="bias", shape=(self.output_length, self.filters), initializer=self.bias_initializer,
                regularizer=self.bias_regularizer, constraint=self.bias_constraint)

    def call(self, inputs):
        ops = keras.ops
        first = self.data_format == "channels_first"
        k, s = self.kernel_size[0], self.strides[0]
        patches = []
        for i in range(self.output_length):
            patch = inputs[:, :, i * s:i * s + k] if first else inputs[:, i * s:i * s + k, :]
            patches.append(ops.reshape(patch, (1, -1, self.kernel.shape[1])))
        out = ops.einsum("pbf,pfo->pbo", ops.concatenate(patches, axis=0), self.kernel)
        out = ops.transpose(out, (1, 2, 0) if first else (1, 0, 2))
        if self.use_bias:
            # Keras 2 reshapes (not transposes) the bias for channels_first.
            out = out + ops.reshape(self.bias, (1, self.filters, self.output_length) if first else (1,) + tuple(self.bias.shape))
        return self.activation(out)

    def compute_output_shape(self, input_shape):
        length = input_shape[2] if self.data_format == "channels_first" else input_shape[1]
        length = (length - self.kernel_size[0]) // self.strides[0] + 1
        if self.data_format == "channels_first":
            return (input_shape[0], self.filters, length)
        return (input_shape[0], length, self.filters)

    def get_config(self):
        ser = keras.saving.serialize_keras_object
        return {**super().get_config(), "filters": self.filters, "kernel_size": self.kernel_size,
                "strides": self.strides, "padding": self.padding, "data_format": self.data_format,
                "activation": keras.activations.serialize(self.activation), "use_bias": self.use_bias,
                "kernel_initializer": ser(self.kernel_initializer), "bias_initializer": ser(self.bias_initializer),
                "kernel_regularizer": ser(self.kernel_regularizer), "bias_regularizer": ser(self.bias_regularizer),
                "activity_regularizer": ser(self.activity_regularizer),
                "kernel_constraint": ser(self.kernel_constraint), "bias_constraint": ser(self.bias_constraint),
                "implementation": self.implementation}
