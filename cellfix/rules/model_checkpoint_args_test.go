package rules

import (
	"testing"

	"github.com/gokmig/gokmig/cellfix/cellfixtest"
)

func TestModelCheckpointArgs(t *testing.T) {
	cellfixtest.Run(t, "testdata/model-checkpoint-args", ModelCheckpointArgs)
}
