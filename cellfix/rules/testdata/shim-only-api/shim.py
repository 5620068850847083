# %%
import tensorflow as tf
from tensorflow.keras.preprocessing.image import ImageDataGenerator  # want "ImageDataGenerator. exists only in tf.keras .*image_dataset_from_directory"
from tensorflow.keras.preprocessing.text import Tokenizer  # want "TextVectorization"
from tensorflow.keras import backend as K

# %%
gen = ImageDataGenerator(rescale=1 / 255)
tok = Tokenizer(num_words=100)
n = K.int_shape(tf.zeros((2, 3)))[1]  # want "keras.backend.int_shape.*x.shape"
v = K.get_value(tf.Variable(1.0))  # want "convert_to_numpy"
loss = tf.keras.losses.MeanSquaredError(reduction=tf.keras.losses.Reduction.SUM)  # want "reduction. as a string"
seq = tf.keras.preprocessing.sequence.skipgrams([1, 2, 3], 4)  # want "skip-gram"
err = tf.keras.losses.mae([1.0], [2.0])  # want "keras.losses.mean_absolute_error"
est = tf.keras.estimator.model_to_estimator(keras_model=None)  # want "`tf.keras.estimator.model_to_estimator` is Keras 2 API that not even tf.keras.s compatibility API keeps"
linear = tf.keras.experimental.LinearModel()  # want "is Keras 2 API that not even tf.keras.s compatibility API keeps"

# %%
# OK: names Keras 3 has, in tf.keras spelling (tf-keras-import handles them)
eps = K.epsilon()
img = tf.keras.preprocessing.image.load_img("a.png")
pad = tf.keras.preprocessing.sequence.pad_sequences([[1]])
version = tf.keras.__version__
