package rules

import (
	"testing"

	"github.com/gokmig/gokmig/cellfix/cellfixtest"
)

func TestSavedModelSave(t *testing.T) {
	cellfixtest.Run(t, "testdata/savedmodel-save", SavedModelSave)
}
