package rules

import (
	"testing"

	"github.com/gokmig/gokmig/cellfix/cellfixtest"
)

func TestLambdaLoadSafeMode(t *testing.T) {
	cellfixtest.Run(t, "testdata/lambda-load-safe-mode", LambdaLoadSafeMode)
}
