package cellfix

import "testing"

// One classifier answers "what does this Keras name give": the answers are
// those of Keras 3's documentation (keras.Input returns a symbolic tensor;
// keras.applications.ResNet50 returns a functional model; Dense is a
// layer class), whichever rule asks.
func TestClassifyKerasName(t *testing.T) {
	for name, want := range map[string]KerasRole{
		"keras.Input":             RoleTensor,
		"keras.layers.Input":      RoleTensor,
		"keras.layers.InputLayer": RoleLayer,
		"keras.layers.Dense":      RoleLayer,
		"keras.layers.experimental.preprocessing.Rescaling": RoleLayer,
		"keras.layers.InputSpec":                            RoleOther,
		"keras.layers.concatenate":                          RoleOther,
		"keras.Layer":                                       RoleLayer,
		"keras.Model":                                       RoleModel,
		"keras.Sequential":                                  RoleModel,
		"keras.models.Sequential":                           RoleModel,
		"keras.models.load_model":                           RoleModel,
		"keras.saving.load_model":                           RoleModel,
		"keras.models.save_model":                           RoleOther,
		"keras.applications.ResNet50":                       RoleModel,
		"keras.applications.resnet50.ResNet50":              RoleModel,
		"keras.applications.resnet50.preprocess_input":      RoleOther,
		"keras.engine.training.Model":                       RoleModel,
		"keras.engine.base_layer.Layer":                     RoleLayer,
		"keras.optimizers.Adam":                             RoleOptimizer,
		"keras.optimizers.schedules.ExponentialDecay":       RoleOther,
		"keras.callbacks.EarlyStopping":                     RoleCallback,
		"keras.ops.sum":                                     RoleOther,
		"numpy.array":                                       RoleOther,
	} {
		if got := ClassifyKerasName(name); got != want {
			t.Errorf("ClassifyKerasName(%q) = %v, want %v", name, got, want)
		}
	}
}

// RoleOf follows what the notebook shows and never guesses from a name: a
// variable called model that holds nothing known is unknown.
func TestRoleOf(t *testing.T) {
	doc := newTestDoc(t,
		"import keras\nfrom tensorflow.keras.applications import ResNet50\nfrom keras.layers import Input, Dense\n",
		`base = ResNet50(weights=None)
inp = Input((4,))
dense = Dense(3)
opt = keras.optimizers.Adam()

def build():
    m = keras.Sequential()
    return m

built = build()

class Block(keras.layers.Layer):
    pass

class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.block = Block()

class Saver(keras.callbacks.Callback):
    def on_epoch_end(self, epoch, logs=None):
        self.model.save("x")

class Plain:
    pass

blk = Block()
plain = Plain()
model = load_something()

def train(model):
    model.fit()
`)
	m := doc.Model()
	for _, c := range []struct {
		typ, text string
		nth       int
		want      KerasRole
	}{
		{"identifier", "base", 0, RoleModel},
		{"identifier", "inp", 0, RoleTensor},
		{"identifier", "dense", 0, RoleLayer},
		{"identifier", "opt", 0, RoleOptimizer},
		{"identifier", "built", 0, RoleModel},
		{"identifier", "blk", 0, RoleLayer},
		{"identifier", "plain", 0, RoleOther},
		{"attribute", "self.block", 0, RoleLayer},
		{"attribute", "self.model", 0, RoleModel},
		{"identifier", "model", 1, RoleUnknown}, // model = load_something()
		{"identifier", "model", 3, RoleUnknown}, // model.fit() on the parameter of train()
	} {
		n := nodeAt(t, doc, 1, c.typ, c.text, c.nth)
		if got := m.RoleOf(1, n); got != c.want {
			t.Errorf("RoleOf(%s #%d) = %v, want %v", c.text, c.nth, got, c.want)
		}
	}
	// keras.layers.Input is no layer constructor; ResNet50 builds a model,
	// which is a layer.
	if m.ConstructsLayer(1, nodeAt(t, doc, 1, "call", "Input((4,))", 0)) {
		t.Error("Input(...) counted as a layer constructor")
	}
	if !m.ConstructsLayer(1, nodeAt(t, doc, 1, "call", "ResNet50(weights=None)", 0)) {
		t.Error("ResNet50(...) not counted as a layer constructor")
	}
}
