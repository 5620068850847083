package rules

import (
	"testing"

	"github.com/gokmig/gokmig/cellfix/cellfixtest"
)

func TestH5LossAlias(t *testing.T) {
	cellfixtest.Run(t, "testdata/h5-loss-alias", H5LossAlias)
}
