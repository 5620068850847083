package rules

import (
	"testing"

	"github.com/gokmig/gokmig/cellfix/cellfixtest"
)

func TestSaveWeightsPath(t *testing.T) {
	cellfixtest.Run(t, "testdata/save-weights-path", SaveWeightsPath)
}
