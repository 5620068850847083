package rules

import (
	"testing"

	"github.com/gokmig/gokmig/cellfix/cellfixtest"
)

// The guide's fixed code for Keras 3 on TensorFlow must draw no finding
// from any rule under target tf.
func TestGuideFixedCodeIsCleanForTF(t *testing.T) {
	cellfixtest.Run(t, "testdata/guide-fixed-tf", All...)
}
