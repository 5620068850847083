package rules

import (
	"testing"

	"github.com/gokmig/gokmig/cellfix/cellfixtest"
)

func TestSavedModelLoad(t *testing.T) {
	cellfixtest.Run(t, "testdata/savedmodel-load", SavedModelLoad)
}
