package rules

import (
	"testing"

	"github.com/gokmig/gokmig/cellfix/cellfixtest"
)

func TestSequentialIO(t *testing.T) {
	cellfixtest.Run(t, "testdata/sequential-input-output", SequentialIO)
}
