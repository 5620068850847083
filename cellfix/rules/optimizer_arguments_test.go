package rules

import (
	"testing"

	"github.com/gokmig/gokmig/cellfix/cellfixtest"
)

func TestOptimizerArguments(t *testing.T) {
	cellfixtest.Run(t, "testdata/optimizer-arguments", OptimizerArguments)
}
