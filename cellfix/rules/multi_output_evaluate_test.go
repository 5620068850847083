package rules

import (
	"testing"

	"github.com/gokmig/gokmig/cellfix/cellfixtest"
)

func TestMultiOutputEvaluate(t *testing.T) {
	cellfixtest.Run(t, "testdata/multi-output-evaluate", MultiOutputEvaluate)
}
