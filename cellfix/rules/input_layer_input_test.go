package rules

import (
	"testing"

	"github.com/gokmig/gokmig/cellfix/cellfixtest"
)

func TestInputLayerInput(t *testing.T) {
	cellfixtest.Run(t, "testdata/input-layer-input", InputLayerInput)
}
