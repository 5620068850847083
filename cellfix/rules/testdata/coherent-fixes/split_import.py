# tf-keras-import splits the import, keeping ThresholdedReLU on tf.keras,
# while removed-api reports that name on the same statement: both findings
# carry one plan for the statement, and the fix loop then drops the name
# once its use is rewritten to ReLU.
from tensorflow.keras.layers import Input, Dense, ThresholdedReLU  # want "reaches Keras through TensorFlow" "Keras 3 removed `ThresholdedReLU`"
x = Input(shape=(4,))
y = ThresholdedReLU(theta=0.5)(x)  # want "Keras 3 removed `ThresholdedReLU`"
z = Dense(2)(y)
