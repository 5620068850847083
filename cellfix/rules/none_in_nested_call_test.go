package rules

import (
	"testing"

	"github.com/gokmig/gokmig/cellfix/cellfixtest"
)

func TestNoneInNestedCall(t *testing.T) {
	cellfixtest.Run(t, "testdata/none-in-nested-call", NoneInNestedCall)
}
