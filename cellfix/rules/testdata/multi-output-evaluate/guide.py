# %%
import keras
import numpy as np
from keras import layers
# %%
inputs = layers.Input(shape=(10,))
x1 = layers.Dense(5, activation='relu')(inputs)
x2 = layers.Dense(5, activation='relu')(x1)
output_1 = layers.Dense(5, activation='softmax', name="output_1")(x1)
output_2 = layers.Dense(5, activation='softmax', name="output_2")(x2)
model = keras.Model(inputs=inputs, outputs=[output_1, output_2])
model.compile(optimizer='adam', loss='categorical_crossentropy')
# %%
x_test = np.random.uniform(size=[10, 10])
y_test = np.random.uniform(size=[10, 5])
# %%
# %%
model.evaluate(x_test, y_test)  # want "`model` has 2 outputs but was compiled without `metrics`.*metrics=\\['categorical_crossentropy', 'categorical_crossentropy'\\]"
