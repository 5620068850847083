package rules

import (
	"testing"

	"github.com/gokmig/gokmig/cellfix/cellfixtest"
)

func TestUntrackedTFVariable(t *testing.T) {
	cellfixtest.Run(t, "testdata/untracked-tf-variable", UntrackedTFVariable)
}
