package rules

import (
	"testing"

	"github.com/gokmig/gokmig/cellfix/cellfixtest"
)

func TestBackendEnvAfterImport(t *testing.T) {
	cellfixtest.Run(t, "testdata/backend-env-after-import", BackendEnvAfterImport)
}
