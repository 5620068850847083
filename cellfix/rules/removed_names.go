package rules

// removedNames are the Keras 2 classes that Keras 3 removed outright (the
// guide's "Removed features"), in Keras 3 spelling. removed-api reports
// them with what to use instead; the naming rules skip them so that a
// removed class is reported once, by the rule that explains the removal.
var removedNames = map[string]bool{
	"keras.layers.ThresholdedReLU":                      true,
	"keras.layers.LocallyConnected1D":                   true,
	"keras.layers.LocallyConnected2D":                   true,
	"keras.layers.experimental.RandomFourierFeatures":   true,
	"keras.layers.RandomFourierFeatures":                true,
	"keras.constraints.RadialConstraint":                true,
	"keras.layers.advanced_activations.ThresholdedReLU": true,
	"keras.layers.local.LocallyConnected1D":             true,
	"keras.layers.local.LocallyConnected2D":             true,
}

// IsRemovedName reports whether k, a name in Keras 3 spelling such as
// "keras.layers.ThresholdedReLU", is a Keras 2 feature that Keras 3
// removed. Attributes of a removed class count as removed too.
func IsRemovedName(k string) bool {
	for name := range removedNames {
		if k == name || len(k) > len(name) && k[:len(name)+1] == name+"." {
			return true
		}
	}
	return false
}
