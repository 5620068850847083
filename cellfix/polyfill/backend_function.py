"""Keras 2's backend function K.function(inputs, outputs) for Keras 3, on any backend.

gokmig inserts the code below the imports into a program that uses it.
"""
import keras


# Keras 3 removed keras.backend.function: a local replacement inserted by gokmig. Like
# Keras 2's in eager mode, it calls a model of the tensors eagerly in inference mode and
# returns NumPy arrays (Python numbers for scalars), as a list when `outputs` is a list.
def backend_function(inputs, outputs, updates=None, name=None, **kwargs):
    if updates or kwargs:
        raise ValueError("backend_function takes no `updates` or other arguments in Keras 3")
    model = keras.Model(inputs, outputs)

    def run(values):
        if not isinstance(inputs, (list, tuple)) and isinstance(values, (list, tuple)) and len(values) == 1:
            values = values[0]
        result = keras.tree.map_structure(keras.ops.convert_to_numpy, model(values, training=False))
        result = keras.tree.map_structure(lambda a: a.item() if a.ndim == 0 else a, result)
        if isinstance(outputs, (list, tuple)) and len(outputs) == 1:
            return type(outputs)([result])  # Keras 3 returns a one-output model's output bare
        return list(result) if isinstance(outputs, list) else result

    return run
