package polyfill

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/gokmig/gokmig/cellfix"
)

// The definition lastDefinition finds in definitions is the one ranging
// over the module-level statements finds, for every name a statement of
// the runtime programs binds and every statement's offset (and one past
// the document's end), with the programs as cells and with the polyfills'
// own code (names they define, some twice) as a cell after them.
func TestDefinitionIndexMatchesScan(t *testing.T) {
	files, err := filepath.Glob("../../tests/runtime/programs/*.py")
	if err != nil || len(files) == 0 {
		t.Fatalf("no runtime programs: %v", err)
	}
	var cells []cellfix.Source
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		cells = append(cells, cellfix.Source{Text: string(data)})
	}
	for _, name := range []string{"LocallyConnected1D", "RadialConstraint", "LocallyConnected1D"} {
		cells = append(cells, cellfix.Source{Text: Lookup(name).Code})
	}
	doc, err := cellfix.NewDocument(cells, false)
	if err != nil {
		t.Fatal(err)
	}
	names, offsets := map[string]bool{}, []int{doc.Cells[len(doc.Cells)-1].End() + 1}
	for _, c := range doc.Cells {
		if c.Root == nil {
			continue
		}
		for _, stmt := range c.Root.Children() {
			if name, ok := bindingName(c, stmt); ok {
				names[name] = true
			}
			offsets = append(offsets, c.Offset+stmt.Start(), c.Offset+stmt.Start()+1)
		}
	}
	found := 0
	for name := range names {
		for _, until := range offsets {
			indexed, scanned := lastDefinition(doc, name, until), scanDefinitions(doc, name, until)
			if (indexed == nil) != (scanned == nil) || (indexed != nil && indexed.text != scanned.text) {
				t.Fatalf("%s before %d: indexed %v, scanned %v", name, until, indexed, scanned)
			}
			if indexed != nil {
				found++
			}
		}
	}
	if len(names) < 50 || found < 1000 {
		t.Errorf("only %d names and %d definitions compared", len(names), found)
	}
}

// scanDefinitions is lastDefinition by ranging over the statements, as it
// was before the definitions fact: the way the test compares it with.
func scanDefinitions(doc *cellfix.Document, name string, until int) *definition {
	var found *definition
	for _, c := range doc.Cells {
		if c.Offset >= until {
			break
		}
		if c.Root == nil {
			continue
		}
		for _, stmt := range c.Root.Children() {
			if c.Offset+stmt.Start() >= until {
				break
			}
			if bindsName(c, stmt, name) {
				found = &definition{text: c.Text[stmt.Start():stmt.End()]}
			}
		}
	}
	return found
}

// bindsName reports whether module-level statement stmt binds name.
func bindsName(c *cellfix.Cell, stmt *cellfix.Node, name string) bool {
	bound, ok := bindingName(c, stmt)
	return ok && bound == name
}
