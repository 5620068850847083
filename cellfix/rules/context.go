package rules

import (
	"strings"

	"github.com/gokmig/gokmig/cellfix"
)

// This file holds facts about a whole notebook that several rules' fix
// safety depends on.

// setsDtypePolicy reports whether any cell of doc may set a dtype policy or
// the float type (mixed precision, keras.config.set_floatx): then Keras 3
// casts layer outputs and variables where Keras 2 code did not.
func setsDtypePolicy(doc *cellfix.Document) bool {
	for _, c := range doc.Cells {
		if strings.Contains(c.Masked, "policy") || strings.Contains(c.Masked, "mixed_precision") || strings.Contains(c.Masked, "floatx") {
			return true
		}
	}
	return false
}
