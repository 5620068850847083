package cellfix

import "testing"

// A save and a load match when they name one file: the same literal, or
// the same assignment of a variable; a reassigned variable is another path.
func TestPathKey(t *testing.T) {
	doc := newTestDoc(t,
		"import os\nd = os.path.join(root, 'run')\nm.save(d)\nm.save('a/b')\n",
		"load(d)\nload('a/b')\np = 'a/b'\nload(p)\nd = os.path.join(root, 'other')\nload(d)\n")
	m := doc.Model()
	saveD := nodeAt(t, doc, 0, "identifier", "d", 1)
	loadD := nodeAt(t, doc, 1, "identifier", "d", 0)
	laterD := nodeAt(t, doc, 1, "identifier", "d", 2)
	if a, b := m.PathKey(0, saveD), m.PathKey(1, loadD); a == "" || a != b {
		t.Errorf("d in save and load: keys %q and %q, want equal and known", a, b)
	}
	if a, b := m.PathKey(0, saveD), m.PathKey(1, laterD); a == b {
		t.Errorf("d reassigned: key %q for both", a)
	}
	lit := m.PathKey(0, nodeAt(t, doc, 0, "string", "'a/b'", 0))
	if lit != "=a/b" || m.PathKey(1, nodeAt(t, doc, 1, "identifier", "p", 1)) != lit {
		t.Errorf("literal and variable holding it: %q", lit)
	}
}

// Renaming the end of a path edits the literal text that ends it and every
// literal naming the same file, including the files a {epoch} template
// names; other literals stay.
func TestRenamePathEnd(t *testing.T) {
	doc := newTestDoc(t,
		"import os\ncb = Ckpt('w.{epoch:02d}.h5')\nw = 'best.h5'\nm.save_weights(w)\nm.save_weights(os.path.join(d, 'x.h5'))\n",
		"m.load_weights('w.02.h5')\nprint('best.h5', 'other.h5', 'w.h5')\n")
	m := doc.Model()
	cases := []struct {
		n    *Node
		cell int
		want []string // the texts the edits replace, in order
	}{
		{nodeAt(t, doc, 0, "string", "'w.{epoch:02d}.h5'", 0), 0, []string{"'w.{epoch:02d}.weights.h5'", "'w.02.weights.h5'"}},
		{nodeAt(t, doc, 0, "identifier", "w", 1), 0, []string{"'best.weights.h5'", "'best.weights.h5'"}},
		{nodeAt(t, doc, 0, "call", "os.path.join(d, 'x.h5')", 0), 0, []string{"'x.weights.h5'"}},
	}
	for _, c := range cases {
		edits, ok := m.RenamePathEnd(c.cell, c.n, ".h5", ".weights.h5", true)
		if !ok || len(edits) != len(c.want) {
			t.Errorf("%s: %d edits (ok=%v), want %d", doc.Text(c.n.Start(), c.n.End()), len(edits), ok, len(c.want))
			continue
		}
		for i, e := range edits {
			cell := doc.cellAt(e.Start)
			lit := cell.Root
			// The literal holding the edit, shown after the edit.
			cell.Root.Walk(func(n *Node) bool {
				if n.Type() == "string" && cell.Offset+n.Start() <= e.Start && e.End <= cell.Offset+n.End() {
					lit = n
				}
				return true
			})
			got := cell.Text[lit.Start():e.Start-cell.Offset] + e.NewText + cell.Text[e.End-cell.Offset:lit.End()]
			if got != c.want[i] {
				t.Errorf("edit %d: %s, want %s", i, got, c.want[i])
			}
		}
	}
	if _, ok := m.RenamePathEnd(0, nodeAt(t, doc, 0, "identifier", "d", 0), ".h5", ".weights.h5", true); ok {
		t.Error("a path with no literal end was renamed")
	}
}

func TestRespellLiteral(t *testing.T) {
	for _, c := range []struct{ lit, value, want string }{
		{`"a.h5"`, "a.weights.h5", `"a.weights.h5"`},
		{`r'a\b.h5'`, "mean_squared_error", `r'mean_squared_error'`},
		{`"""a"""`, "b", ""},
		{`'a'`, "it's", ""},
	} {
		got, ok := RespellLiteral(c.lit, c.value)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("RespellLiteral(%s, %q) = %q, %v; want %q", c.lit, c.value, got, ok, c.want)
		}
	}
}
