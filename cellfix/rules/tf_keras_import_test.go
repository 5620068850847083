package rules

import (
	"testing"

	"github.com/gokmig/gokmig/cellfix/cellfixtest"
)

func TestTFKerasImport(t *testing.T) {
	cellfixtest.Run(t, "testdata/tf-keras-import", TFKerasImport)
}

func TestShimOnlyAPI(t *testing.T) {
	cellfixtest.Run(t, "testdata/shim-only-api", ShimOnlyAPI)
}

func TestUnknownKerasName(t *testing.T) {
	cellfixtest.Run(t, "testdata/unknown-keras-name", UnknownKerasName)
}
