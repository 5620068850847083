"""Keras 2's LocallyConnected1D and LocallyConnected2D (implementation=1) for Keras 3,
on any backend.

gokmig inserts the code below the imports into a program that uses either layer.
"""
import keras


# Keras 3 removed LocallyConnected1D and LocallyConnected2D: local copies inserted by gokmig,
# with Keras 2's weights: kernel (output positions, window size * channels, filters) and
# bias (output shape), registered so that a model holding them can be saved and loaded
# again. LocallyConnected2D is the same code over two axes.
@keras.saving.register_keras_serializable(package="keras2")
class LocallyConnected1D(keras.layers.Layer):
    rank = 1

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                 implementation=1, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.filters = filters
        self.kernel_size = tuple(kernel_size) if isinstance(kernel_size, (list, tuple)) else (kernel_size,) * self.rank
        self.strides = tuple(strides) if isinstance(strides, (list, tuple)) else (strides,) * self.rank
        self.padding = padding.lower()
        if self.padding != "valid" or implementation != 1:
            raise ValueError("this %s supports only padding='valid' and implementation=1" % type(self).__name__)
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
        spatial = input_shape[2:] if self.data_format == "channels_first" else input_shape[1:-1]
        return tuple((n - k) // s + 1 for n, k, s in zip(spatial, self.kernel_size, self.strides))

    def build(self, input_shape):
        channels = input_shape[1] if self.data_format == "channels_first" else input_shape[-1]
        self.output_size = self._output_size(input_shape)
        positions, window = 1, channels
        for n, k in zip(self.output_size, self.kernel_size):
            positions, window = positions * n, window * k
        self.kernel = self.add_weight(
            name="kernel", shape=(positions, window, self.filters), initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer, constraint=self.kernel_constraint)
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                name="bias", shape=self.output_size + (self.filters,), initializer=self.bias_initializer,
                regularizer=self.bias_regularizer, constraint=self.bias_constraint)

    def call(self, inputs):
        ops, rank = keras.ops, self.rank
        first = self.data_format == "channels_first"
        positions = [()]  # every output position, in row-major order as Keras 2
        for n in self.output_size:
            positions = [p + (i,) for p in positions for i in range(n)]
        patches = []
        for position in positions:
            window = tuple(slice(i * s, i * s + k) for i, s, k in zip(position, self.strides, self.kernel_size))
            index = (slice(None), slice(None)) + window if first else (slice(None),) + window + (slice(None),)
            patches.append(ops.reshape(inputs[index], (1, -1, self.kernel.shape[1])))
        out = ops.einsum("pbw,pwf->pbf", ops.concatenate(patches, axis=0), self.kernel)
        out = ops.reshape(out, self.output_size + (-1, self.filters))
        out = ops.transpose(out, (rank, rank + 1) + tuple(range(rank)) if first else (rank,) + tuple(range(rank)) + (rank + 1,))
        if self.use_bias:
            # Keras 2 reshapes (not transposes) the bias for channels_first.
            shape = (1, self.filters) + self.output_size if first else (1,) + self.output_size + (self.filters,)
            out = out + ops.reshape(self.bias, shape)
        return self.activation(out)

    def compute_output_shape(self, input_shape):
        size = self._output_size(input_shape)
        if self.data_format == "channels_first":
            return (input_shape[0], self.filters) + size
        return (input_shape[0],) + size + (self.filters,)

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


@keras.saving.register_keras_serializable(package="keras2")
class LocallyConnected2D(LocallyConnected1D):
    rank = 2
