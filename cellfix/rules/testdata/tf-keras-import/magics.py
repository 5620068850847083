# %%
%matplotlib inline
!pip install tensorflow
import tensorflow as tf

# %%
%%time
model = tf.keras.Sequential()  # want "keras.Sequential"

# %%
%%bash
echo tf.keras.Sequential
