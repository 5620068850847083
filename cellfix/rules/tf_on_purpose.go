package rules

import (
	"github.com/gokmig/gokmig/cellfix"
	"github.com/gokmig/gokmig/cellfix/opmap"
)

// tfScopes is the document's TensorFlow-on-purpose analysis
// (cellfix/tfscope.go): code TensorFlow traces, classes built on its base
// classes and values that go into TensorFlow-only APIs, which
// tf-op-to-keras-ops leaves on TensorFlow. The op table says which
// TensorFlow names have a keras.ops replacement.
var tfScopes = cellfix.NewTFScopeFact(func(q string) bool {
	m, ok := opmap.For(q)
	return ok && !m.ReportOnly && !m.Value && m.Keras != ""
})
