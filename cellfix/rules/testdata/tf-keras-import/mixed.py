# %%
from tensorflow.keras.preprocessing.image import load_img, ImageDataGenerator as IDG  # want "import from .keras.preprocessing.image.; ImageDataGenerator as IDG must stay on tf.keras"

# %%
# OK: an import of tf.keras-only names alone is left to shim-only-api
from tensorflow.keras.preprocessing.text import Tokenizer

# %%
img = load_img("cat.png")
gen = IDG(rescale=1 / 255)
tok = Tokenizer()
