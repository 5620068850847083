"""Keras 2's RadialConstraint for Keras 3, on any backend.

gokmig inserts the code below the imports into a program that uses the constraint.
"""
import keras


# Keras 3 removed RadialConstraint: a local copy inserted by gokmig, registered so that a
# model using it can be saved and loaded again. Like Keras 2's, it makes each (rows, cols)
# slice of a 4-D kernel constant on square rings.
@keras.saving.register_keras_serializable(package="keras2")
class RadialConstraint(keras.constraints.Constraint):
    def __call__(self, w):
        if len(w.shape) != 4:
            raise ValueError("The weight tensor must have rank 4. Received weight tensor with shape: %s" % (w.shape,))
        height, width, channels, kernels = w.shape
        # As Keras 2 does (reading the size from the first axis): with c = height // 2,
        # square ring r around the centre takes w[d, d], d = c - 1 + r for an odd size;
        # for an even size the inner 2x2 takes w[c - 1, c - 1] and ring r > 0 w[c + r, c + r].
        half = height // 2
        index = []
        for a in range(height):
            for b in range(height):
                if height % 2:
                    ring = max(abs(a - half), abs(b - half))
                    d = half - 1 + ring
                else:
                    ring = max(a - half if a >= half else half - 1 - a, b - half if b >= half else half - 1 - b)
                    d = half + ring if ring else half - 1
                index.append(d * width + d)
        flat = keras.ops.reshape(w, (height * width, channels * kernels))
        out = keras.ops.take(flat, keras.ops.convert_to_tensor(index, dtype="int32"), axis=0)
        return keras.ops.reshape(out, (height, height, channels, kernels))
