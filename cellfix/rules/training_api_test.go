package rules

import (
	"testing"

	"github.com/gokmig/gokmig/cellfix/cellfixtest"
)

func TestTrainingAPI(t *testing.T) {
	cellfixtest.Run(t, "testdata/training-api", TrainingAPI)
}
