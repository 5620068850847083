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
// Rules ask once per fix, so the answer is kept per document: searching
// the document each time cost the square of a large script per check.
func setsDtypePolicy(doc *cellfix.Document) bool { return dtypePolicySet.Of(doc) }

var dtypePolicySet = cellfix.NewFact("sets-dtype-policy", func(doc *cellfix.Document) bool {
	for _, c := range doc.Cells {
		if strings.Contains(c.Masked, "policy") || strings.Contains(c.Masked, "mixed_precision") || strings.Contains(c.Masked, "floatx") {
			return true
		}
	}
	return false
})

// setsLearningPhase reports whether any cell of doc may set Keras 2's
// global learning phase (K.set_learning_phase, K.learning_phase_scope and
// the eager one) or turn eager execution off: otherwise, on TensorFlow 2,
// K.learning_phase() is 0 and K.function runs its model in inference mode.
// Kept per document, as setsDtypePolicy is.
func setsLearningPhase(doc *cellfix.Document) bool { return learningPhaseSet.Of(doc) }

var learningPhaseSet = cellfix.NewFact("sets-learning-phase", func(doc *cellfix.Document) bool {
	return docMentionsAny(doc, []string{"set_learning_phase", "learning_phase_scope", "disable_eager_execution", "disable_v2_behavior"})
})
