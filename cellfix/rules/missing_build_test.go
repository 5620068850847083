package rules

import (
	"testing"

	"github.com/gokmig/gokmig/cellfix/cellfixtest"
)

func TestMissingBuild(t *testing.T) {
	cellfixtest.Run(t, "testdata/missing-build", MissingBuild)
}
