package rules

import (
	"testing"

	"github.com/gokmig/gokmig/cellfix/cellfixtest"
)

func TestTensorNumpy(t *testing.T) {
	cellfixtest.Run(t, "testdata/tensor-numpy", TensorNumpy)
}
