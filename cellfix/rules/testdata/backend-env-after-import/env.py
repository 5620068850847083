import os
import keras

os.environ["KERAS_BACKEND"] = "jax"  # want "changes nothing"

# %%
import os

os.environ.setdefault('KERAS_BACKEND', "torch")  # want "imported in an earlier cell"

# %%
# OK
os.environ["CUDA_VISIBLE_DEVICES"] = "0"
environ = {}
environ["KERAS_BACKEND"] = "jax"
