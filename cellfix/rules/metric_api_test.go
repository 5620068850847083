package rules

import (
	"testing"

	"github.com/gokmig/gokmig/cellfix/cellfixtest"
)

func TestMetricAPI(t *testing.T) {
	cellfixtest.Run(t, "testdata/metric-api", MetricAPI)
}
