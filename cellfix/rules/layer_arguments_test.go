package rules

import (
	"testing"

	"github.com/gokmig/gokmig/cellfix/cellfixtest"
)

func TestLayerArguments(t *testing.T) {
	cellfixtest.Run(t, "testdata/layer-arguments", LayerArguments)
}
