# %%
import keras
from keras import layers
# %%
class PositionalEmbedding(keras.layers.Layer):  # want "layer `PositionalEmbedding` creates sublayers in `__init__` and calls them in `call..` but has no `build..`.*builds `self.position_embeddings`"
    def __init__(self, sequence_length, output_dim, **kwargs):
        super().__init__(**kwargs)
        self.position_embeddings = layers.Embedding(
            input_dim=sequence_length, output_dim=output_dim
        )
        self.sequence_length = sequence_length
        self.output_dim = output_dim

    def call(self, inputs):
        inputs = keras.ops.cast(inputs, self.compute_dtype)
        length = keras.ops.shape(inputs)[1]
        positions = keras.ops.arange(start=0, stop=length, step=1)
        embedded_positions = self.position_embeddings(positions)
        return inputs + embedded_positions
