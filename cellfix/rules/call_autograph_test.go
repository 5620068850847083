package rules

import (
	"testing"

	"github.com/gokmig/gokmig/cellfix/cellfixtest"
)

func TestCallAutograph(t *testing.T) {
	cellfixtest.Run(t, "testdata/call-autograph", CallAutograph)
}
