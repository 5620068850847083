"""Keras 2's LocallyConnected2D (implementation=1) for Keras 3, on any backend.

gokmig inserts the code below the imports into a program that uses the layer.
"""
import keras


# Keras 3 removed LocallyConnected2D: a local copy inserted by gokmig (unsafe fix), with
# Keras 2's weights (kernel: (output_rows * output_cols, rows * cols * channels, filters)).
class LocallyConnected2D(keras.layers.Layer):
    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", data_format=None,
                 activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                 implementation=1, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.filters = filters
        self.kernel_size = tuple(kernel_size) if isinstance(kernel_size, (list, tuple)) else (kernel_size,) * 2
        self.strides = tuple(strides) if isinstance(strides, (list, tuple)) else (strides,) * 2
        self.padding = padding.lower()
        if self.padding != "valid" or implementation != 1:
            raise ValueError("this LocallyConnected2D supports only padding='valid' and implementation=1")
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

    def _output_size(self, input_shape):
        rows, cols = input_shape[2:4] if self.data_format == "channels_first" else input_shape[1:3]
        return ((rows - self.kernel_size[0]) // self.strides[0] + 1,
                (cols - self.kernel_size[1]) // self.strides[1] + 1)

    def build(self, input_shape):
        channels = input_shape[1] if self.data_format == "channels_first" else input_shape[3]
        self.output_row, self.output_col = self._output_size(input_shape)
        self.kernel = self.add_weight(
            name="kernel",
            shape=(self.output_row * self.output_col, self.kernel_size[0] * self.kernel_size[1] * channels, self.filters),
            initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint)
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                name="bias", shape=(self.output_row, self.output_col, self.filters),
                initializer=self.bias_initializer, regularizer=self.bias_regularizer,
                constraint=self.bias_constraint)

    def call(self, inputs):
        ops = keras.ops
        first = self.data_format == "channels_first"
        (kr, kc), (sr, sc) = self.kernel_size, self.strides
        patches = []
        for r in range(self.output_row):
            for c in range(self.output_col):
                if first:
                    patch = inputs[:, :, r * sr:r * sr + kr, c * sc:c * sc + kc]
                else:
                    patch = inputs[:, r * sr:r * sr + kr, c * sc:c * sc + kc, :]
                patches.append(ops.reshape(patch, (1, -1, self.kernel.shape[1])))
        out = ops.einsum("pbf,pfo->pbo", ops.concatenate(patches, axis=0), self.kernel)
        out = ops.reshape(out, (self.output_row, self.output_col, -1, self.filters))
        out = ops.transpose(out, (2, 3, 0, 1) if first else (2, 0, 1, 3))
        if self.use_bias:
            # Keras 2 reshapes (not transposes) the bias for channels_first.
            shape = (1, self.filters, self.output_row, self.output_col) if first else (1,) + tuple(self.bias.shape)
            out = out + ops.reshape(self.bias, shape)
        return self.activation(out)

    def compute_output_shape(self, input_shape):
        rows, cols = self._output_size(input_shape)
        if self.data_format == "channels_first":
            return (input_shape[0], self.filters, rows, cols)
        return (input_shape[0], rows, cols, self.filters)

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
