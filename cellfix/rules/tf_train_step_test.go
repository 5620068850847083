package rules

import (
	"testing"

	"github.com/gokmig/gokmig/cellfix/cellfixtest"
)

func TestTFTrainStep(t *testing.T) {
	cellfixtest.Run(t, "testdata/tf-train-step", TFTrainStep)
}
