package rules

import (
	"strings"

	"github.com/gokmig/gokmig/cellfix"
)

// BackendEnvAfterImport reports KERAS_BACKEND set through os.environ after
// Keras was imported (earlier in the notebook, or earlier in the cell).
// Keras reads the variable once, when it is first imported: setting it
// afterwards changes nothing, and the notebook silently keeps the backend
// it started with.
var BackendEnvAfterImport = &cellfix.Rule{
	Name:  "backend-env-after-import",
	Code:  "K326",
	Title: "`KERAS_BACKEND` set after Keras was imported",
	Run:   runBackendEnvAfterImport,
}

func init() { register(BackendEnvAfterImport) }

func runBackendEnvAfterImport(p *cellfix.Pass) {
	p.Each(func(n *cellfix.Node) bool {
		var target *cellfix.Node
		switch n.Type() {
		case "assignment":
			if left := n.Child("left"); left != nil && left.Type() == "subscript" && isEnvironKey(p, left.Child("value"), left.Child("subscript")) {
				target = n
			}
		case "call":
			fn := n.Child("function")
			if fn != nil && fn.Type() == "attribute" {
				switch p.Text(fn.Child("attribute")) {
				case "setdefault", "update", "__setitem__":
					if k := p.Args(n).Value(0, ""); k != nil && isEnvironKey(p, fn.Child("object"), k) {
						target = n
					}
				}
			}
			if q := p.Resolve(fn); q == "os.putenv" {
				if k := p.Args(n).Value(0, ""); k != nil && isBackendKey(p, k) {
					target = n
				}
			}
		}
		if target == nil {
			return true
		}
		if where := kerasImportedBefore(p, target.Start()); where != "" {
			p.Reportf(target, nil, "Keras reads `KERAS_BACKEND` once, when it is first imported, and it was imported "+where+
				": this assignment changes nothing. Set the variable before the first Keras import "+
				"(in a notebook: in the first cell, then restart the kernel), or in `~/.keras/keras.json`")
		}
		return false
	}, "assignment", "call")
}

func isEnvironKey(p *cellfix.Pass, obj, key *cellfix.Node) bool {
	if obj == nil || key == nil || p.Resolve(obj) != "os.environ" {
		return false
	}
	return isBackendKey(p, key)
}

func isBackendKey(p *cellfix.Pass, key *cellfix.Node) bool {
	t := p.Text(key)
	return t == `"KERAS_BACKEND"` || t == `'KERAS_BACKEND'`
}

// kerasImportedBefore says where Keras (keras or tensorflow.keras) was
// imported before cell offset at: "in an earlier cell", "above", or "".
func kerasImportedBefore(p *cellfix.Pass, at int) string {
	for i := 0; i <= p.CellPos; i++ {
		c := p.Doc.Cells[i]
		found := false
		c.Root.Walk(func(n *cellfix.Node) bool {
			if found || (i == p.CellPos && n.Start() >= at) {
				return false
			}
			switch n.Type() {
			case "import_statement", "import_from_statement":
				text := cellfix.OneLine(c.Masked[n.Start():n.End()])
				if importsKeras(text) {
					found = true
				}
				return false
			}
			return true
		})
		if found {
			if i == p.CellPos {
				return "above"
			}
			return "in an earlier cell"
		}
	}
	return ""
}

// importsKeras reports whether an import statement's text loads Keras.
func importsKeras(stmt string) bool {
	for _, f := range strings.FieldsFunc(stmt, func(r rune) bool { return r == ' ' || r == ',' || r == '(' || r == ')' }) {
		if f == "keras" || strings.HasPrefix(f, "keras.") || f == "tensorflow.keras" || strings.HasPrefix(f, "tensorflow.keras.") {
			return true
		}
	}
	return strings.HasPrefix(stmt, "from tensorflow import") && strings.Contains(stmt, "keras")
}
