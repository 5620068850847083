package rules

import (
	"testing"

	"github.com/gokmig/gokmig/cellfix/cellfixtest"
)

func TestTFOpOnKerasTensor(t *testing.T) {
	cellfixtest.Run(t, "testdata/tf-op-on-keras-tensor", TFOpOnKerasTensor)
}
