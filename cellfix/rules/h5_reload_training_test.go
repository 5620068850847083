package rules

import (
	"testing"

	"github.com/gokmig/gokmig/cellfix/cellfixtest"
)

func TestH5ReloadTraining(t *testing.T) {
	cellfixtest.Run(t, "testdata/h5-reload-training", H5ReloadTraining)
}
