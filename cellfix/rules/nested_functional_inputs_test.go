package rules

import (
	"testing"

	"github.com/gokmig/gokmig/cellfix/cellfixtest"
)

func TestNestedFunctionalInputs(t *testing.T) {
	cellfixtest.Run(t, "testdata/nested-functional-inputs", NestedFunctionalInputs)
}
