package rules

import (
	"strings"
	"testing"

	"github.com/gokmig/gokmig/cellfix"
	"github.com/gokmig/gokmig/cellfix/cellfixtest"
)

func TestTFTrainStep(t *testing.T) {
	cellfixtest.Run(t, "testdata/tf-train-step", TFTrainStep)
}

// A model class defined in one cell and trained in a later, shorter one:
// the class's train_step is read in its own cell (reading it with the later
// cell's text once went out of bounds), and a train_step that dispatches on
// the backend is recognised there.
func TestTFTrainStepAcrossCells(t *testing.T) {
	const classCell = `import tensorflow as tf
import keras


class TapeModel(keras.Model):
    def train_step(self, data):
        x, y = data
        with tf.GradientTape() as tape:
            loss = self.compute_loss(y=y, y_pred=self(x, training=True))
        grads = tape.gradient(loss, self.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.trainable_variables))
        return {"loss": loss}
`
	// The same class, returning to Keras's own train_step on other backends.
	dispatchingCell := strings.Replace(classCell, "        x, y = data\n",
		"        if keras.backend.backend() != \"tensorflow\":\n            return super().train_step(data)\n        x, y = data\n", 1)
	if dispatchingCell == classCell {
		t.Fatal("the dispatch was not inserted into the class cell")
	}
	const fitCell = "m = TapeModel()\nm.fit(x, y)\n"
	for _, c := range []struct {
		name      string
		first     string
		wantOnFit bool
	}{
		{"tape", classCell, true},
		{"dispatching", dispatchingCell, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			doc, err := cellfix.NewDocument([]cellfix.Source{{Index: 0, Text: c.first}, {Index: 1, Text: fitCell}}, false)
			if err != nil {
				t.Fatal(err)
			}
			diags, err := cellfix.Check(doc, cellfix.Options{Target: cellfix.TargetMulti, Rules: []*cellfix.Rule{TFTrainStep}})
			if err != nil {
				t.Fatal(err)
			}
			onFit := false
			for _, d := range diags {
				f := doc.Find(d)
				if f.Cell != nil && *f.Cell == 1 && f.Line == 2 && strings.Contains(d.Message, "runs `TapeModel.train_step`") {
					onFit = true
				}
			}
			if onFit != c.wantOnFit {
				t.Errorf("finding on the fit() of the second cell: got %v, want %v (diagnostics: %v)", onFit, c.wantOnFit, diags)
			}
		})
	}
}
