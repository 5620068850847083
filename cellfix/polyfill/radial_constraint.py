"""Keras 2's RadialConstraint for Keras 3, on any backend.

gokmig inserts the code below the imports into a program that uses the constraint.
"""
import keras
import numpy as np


# Keras 3 removed RadialConstraint: a local copy inserted by gokmig (unsafe fix). Like
# Keras 2's, it makes each (rows, cols) slice of a 4-D kernel constant on square rings.
class RadialConstraint(keras.constraints.Constraint):
    def __call__(self, w):
        if len(w.shape) != 4:
            raise ValueError("The weight tensor must have rank 4. Received weight tensor with shape: %s" % (w.shape,))
        height, width, channels, kernels = w.shape
        # Keras 2 sets ring r around the centre to the diagonal entry d(r),
        # reading the size from the first axis.
        half = height // 2
        index = np.zeros((height, height), dtype="int32")
        for a in range(height):
            for b in range(height):
                if height % 2:
                    ring = max(abs(a - half), abs(b - half))
                    d = half - 1 + ring
                else:
                    ring = max(a - half if a >= half else half - 1 - a, b - half if b >= half else half - 1 - b)
                    d = half + ring if ring else half - 1
                index[a, b] = d * width + d
        flat = keras.ops.reshape(w, (height * width, channels * kernels))
        out = keras.ops.take(flat, keras.ops.convert_to_tensor(index.reshape(-1)), axis=0)
        return keras.ops.reshape(out, (height, height, channels, kernels))
