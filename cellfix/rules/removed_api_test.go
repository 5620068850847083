package rules

import (
	"testing"

	"github.com/gokmig/gokmig/cellfix/cellfixtest"
)

func TestRemovedAPI(t *testing.T) {
	cellfixtest.Run(t, "testdata/removed-api", RemovedAPI)
}

// The naming rules skip what IsRemovedName (removed_names.go) reports, so
// every class removed-api reports must be known to it too, or the class
// would be reported twice.
func TestIsRemovedName(t *testing.T) {
	removed := []string{
		"keras.layers.ThresholdedReLU",
		"keras.layers.ThresholdedReLU.from_config",
		"keras.layers.advanced_activations.ThresholdedReLU",
		"keras.layers.LocallyConnected1D",
		"keras.layers.LocallyConnected2D",
		"keras.layers.local.LocallyConnected2D",
		"keras.layers.experimental.RandomFourierFeatures",
		"keras.constraints.RadialConstraint",
	}
	kept := []string{
		"keras.layers.ReLU",
		"keras.layers.experimental",
		"keras.layers.experimental.preprocessing.Rescaling",
		"keras.constraints.MaxNorm",
		"keras.layers.ThresholdedReLUish",
		"keras.ThresholdedReLU",
	}
	for _, k := range removed {
		if !IsRemovedName(k) {
			t.Errorf("IsRemovedName(%q) = false, want true", k)
		}
	}
	for _, k := range kept {
		if IsRemovedName(k) {
			t.Errorf("IsRemovedName(%q) = true, want false", k)
		}
	}
	if !IsRemovedName("tensorflow.keras.layers.LocallyConnected1D") {
		t.Errorf("the tf.keras spelling of a removed class is not recognised")
	}
}
