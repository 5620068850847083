"""Keras 2's RandomFourierFeatures for Keras 3, on any backend.

gokmig inserts the code below the imports into a program that uses the layer.
"""
import keras


# Keras 3 removed RandomFourierFeatures: a local copy inserted by gokmig, with Keras 2's
# weights (unscaled_kernel, bias, kernel_scale) and initializers, registered so that a
# model holding it can be saved and loaded again.
@keras.saving.register_keras_serializable(package="keras2")
class RandomFourierFeatures(keras.layers.Layer):
    def __init__(self, output_dim, kernel_initializer="gaussian", scale=None, trainable=False, name=None, **kwargs):
        if output_dim <= 0:
            raise ValueError("`output_dim` should be a positive integer. Received: %s" % (output_dim,))
        if isinstance(kernel_initializer, str) and kernel_initializer.lower() not in ("gaussian", "laplacian"):
            raise ValueError("Unsupported `kernel_initializer`: %s" % (kernel_initializer,))
        if scale is not None and scale <= 0.0:
            raise ValueError("When provided, `scale` should be a positive float. Received: %s" % (scale,))
        super().__init__(trainable=trainable, name=name, **kwargs)
        self.output_dim = output_dim
        self.kernel_initializer = kernel_initializer
        self.scale = scale

    def build(self, input_shape):
        input_dim = input_shape[-1]
        shape = (input_dim, self.output_dim)
        init = self.kernel_initializer
        if isinstance(init, str) and init.lower() == "gaussian":
            init = keras.initializers.RandomNormal(stddev=1.0)
        elif isinstance(init, str):  # laplacian: Cauchy samples, drawn with NumPy as Keras 2 did
            import numpy

            init = keras.initializers.Constant(numpy.tan(numpy.pi * (numpy.random.uniform(0.0, 1.0, size=shape) - 0.5)))
        self.unscaled_kernel = self.add_weight(
            name="unscaled_kernel", shape=shape, dtype="float32", initializer=init, trainable=False)
        self.bias = self.add_weight(
            name="bias", shape=(self.output_dim,), dtype="float32",
            initializer=keras.initializers.RandomUniform(0.0, 6.283185307179586), trainable=False)
        if self.scale is None:
            gaussian = isinstance(self.kernel_initializer, str) and self.kernel_initializer.lower() == "gaussian"
            self.scale = (input_dim / 2.0) ** 0.5 if gaussian else 1.0
        self.kernel_scale = self.add_weight(
            name="kernel_scale", shape=(1,), dtype="float32",
            initializer=keras.initializers.Constant(self.scale), trainable=True,
            constraint=keras.constraints.NonNeg())

    def call(self, inputs):
        ops = keras.ops
        kernel = (1.0 / self.kernel_scale) * self.unscaled_kernel
        return ops.cos(ops.matmul(ops.cast(inputs, "float32"), kernel) + self.bias)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[:-1]) + (self.output_dim,)

    def get_config(self):
        init = self.kernel_initializer
        if not isinstance(init, str):
            init = keras.initializers.serialize(init)
        return {**super().get_config(), "output_dim": self.output_dim, "kernel_initializer": init, "scale": self.scale}
