package rules

import (
	"testing"

	"github.com/gokmig/gokmig/cellfix/cellfixtest"
)

func TestStringArrayInput(t *testing.T) {
	cellfixtest.Run(t, "testdata/string-array-input", StringArrayInput)
}
