package rules

import (
	"testing"

	"github.com/gokmig/gokmig/cellfix/cellfixtest"
)

func TestStatefulTFRandom(t *testing.T) {
	cellfixtest.Run(t, "testdata/stateful-tf-random", StatefulTFRandom)
}
