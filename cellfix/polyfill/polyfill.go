// Package polyfill holds local replacements for Keras 2 API that Keras 3
// removed without an equivalent (LocallyConnected1D/2D,
// RandomFourierFeatures, RadialConstraint, keras.backend.function), and
// builds the fixes that insert one into a program and point its uses at
// it. The fixes are safe: the replacements behave as Keras 2's own (the
// classes are registered for saving, so a model holding one saves and
// loads again); a rule marks one unsafe where the program does something
// the replacement was not shown to match (a float16 dtype policy, a set
// learning phase).
//
// Each replacement is a real Python file here: a module docstring,
// `import keras`, then the code the fixes insert (from its first comment
// line on), which defines one or more related names (LocallyConnected1D
// and LocallyConnected2D share one file). tests/polyfill runs the files
// against tf-keras 2's own classes on the TensorFlow and JAX backends:
// same weights in, same outputs; tests/keras2vs3 (polyfillcheck.py) runs
// models holding them against Keras 2's: structure, training, saving and
// loading.
package polyfill

import (
	"embed"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/gokmig/gokmig/cellfix"
)

//go:embed *.py
var files embed.FS

// Polyfill is one replacement file.
type Polyfill struct {
	// Names are the classes and functions the code defines, in order.
	Names []string
	// Code is the definition as inserted: the file after its imports.
	Code string
}

var (
	once   sync.Once
	byName map[string]*Polyfill
)

func load() {
	byName = map[string]*Polyfill{}
	entries, err := files.ReadDir(".")
	if err != nil {
		panic(err)
	}
	for _, e := range entries {
		src, err := files.ReadFile(e.Name())
		if err != nil {
			panic(err)
		}
		pf, err := parse(string(src))
		if err != nil {
			panic(fmt.Sprintf("polyfill %s: %v", e.Name(), err))
		}
		for _, name := range pf.Names {
			byName[name] = pf
		}
	}
}

// parse takes a polyfill file apart: the code starts at the first comment
// after `import keras`, the only import allowed at module level (fixes
// import nothing else), and defines classes or functions.
func parse(src string) (*Polyfill, error) {
	_, rest, ok := strings.Cut(src, "\nimport keras\n")
	if !ok {
		return nil, fmt.Errorf("no `import keras` line")
	}
	code := strings.TrimSpace(rest)
	if !strings.HasPrefix(code, "#") {
		return nil, fmt.Errorf("the code after `import keras` must start with a comment saying what it is")
	}
	pf := &Polyfill{Code: code}
	for _, line := range strings.Split(code, "\n") {
		if strings.HasPrefix(line, "import ") || strings.HasPrefix(line, "from ") {
			return nil, fmt.Errorf("module-level import after the header: %q", line)
		}
		for _, kw := range []string{"class ", "def "} {
			if name, ok := strings.CutPrefix(line, kw); ok {
				pf.Names = append(pf.Names, strings.FieldsFunc(name, func(r rune) bool { return r == '(' || r == ':' })[0])
			}
		}
	}
	if len(pf.Names) == 0 {
		return nil, fmt.Errorf("defines no class or function")
	}
	return pf, nil
}

// Lookup returns the polyfill that defines name, or nil.
func Lookup(name string) *Polyfill {
	once.Do(load)
	return byName[name]
}

// All returns every polyfill, once each.
func All() []*Polyfill {
	once.Do(load)
	var out []*Polyfill
	for _, pf := range byName {
		if !slices.Contains(out, pf) {
			out = append(out, pf)
		}
	}
	return out
}

// Fix returns the safe fix that replaces use (the chain naming the
// removed API name, e.g. `layers.LocallyConnected1D`) with name and, unless
// the document defines it already before use, inserts the polyfill's code
// before use's statement. Without a fix, why says why not: `keras` does
// not name the keras module in that cell, one of the names the code
// defines is taken there, or the code has no place between the imports it
// needs and the code that runs the use.
func (pf *Polyfill) Fix(p *cellfix.Pass, use *cellfix.Node, name, title string) (fix *cellfix.Fix, why string) {
	keras, imports := p.ModuleName("keras")
	if keras != "keras" {
		return nil, notKeras
	}
	for _, n := range pf.Names {
		if p.Lookup(n) != nil {
			return nil, pf.taken() // imported or aliased under that name
		}
	}
	fix = &cellfix.Fix{Title: title, Safety: cellfix.Safe, Edits: []cellfix.TextEdit{p.Replace(use, name)}, Imports: imports}
	until := p.Offset(use.Start())
	if use.Ancestor("function_definition") != nil {
		// Read when the function runs: a definition later in the cell
		// counts too.
		until = p.Offset(len(p.Cell.Text))
	}
	defined, ok := pf.definedBefore(p.Doc, until)
	if !ok {
		return nil, pf.taken() // the program's own definition of one of the names
	}
	if !defined {
		if _, ok := p.Doc.DefinitionPoint(p.CellPos, needs, []int{use.Start()}); !ok {
			return nil, noPoint
		}
		fix.Definitions = []cellfix.Definition{{Name: pf.Names[0], Code: pf.Code, Before: p.Offset(use.Start()), Needs: needs}}
	}
	return fix, ""
}

// needs are the module-level names the code reads when it is defined.
var needs = []string{"keras"}

// The reasons for no fix, completing "no automatic replacement here: ...".
const (
	notKeras = "`keras` does not name the keras module in this cell, and the local replacement needs `import keras`"
	noPoint  = "the local replacement would go after `import keras` in this cell but before code that runs a use of it (a module-level use, or a call of the function using it, above that import); " +
		"move the import to the top of the cell"
)

func (pf *Polyfill) taken() string {
	return fmt.Sprintf("the local replacement defines `%s`, and a name it defines is taken here", strings.Join(pf.Names, "` and `"))
}

// definedBefore reports whether the document already defines the
// polyfill's names before document offset until (a previous fix inserted
// it), and ok = false when one of those names is the program's own there:
// inserting the code would rebind it (a program's own LocallyConnected2D
// when a fix for LocallyConnected1D inserts both).
func (pf *Polyfill) definedBefore(doc *cellfix.Document, until int) (defined, ok bool) {
	for _, name := range pf.Names {
		switch def := lastDefinition(doc, name, until); {
		case def == nil:
		case !pf.same(def.text):
			return false, false
		default:
			defined = true
		}
	}
	return defined, true
}

// same reports whether a definition's text is one of this polyfill's
// (blanks and comments aside: the user may have reformatted it).
func (pf *Polyfill) same(text string) bool {
	return strings.Contains("\n"+normalize(pf.Code), "\n"+normalize(text))
}

func normalize(code string) string {
	var b strings.Builder
	for _, line := range strings.Split(code, "\n") {
		if t := strings.TrimSpace(line); t != "" && !strings.HasPrefix(t, "#") {
			b.WriteString(strings.Join(strings.Fields(t), " "))
			b.WriteByte('\n')
		}
	}
	return b.String()
}

type definition struct{ text string }

// A program using several removed names is checked once per use, and each
// fix asks for each name's definitions: walking the module-level
// statements each time cost the square of the document per check.
// definitions lists them once per document instead.

// A located is a module-level statement that binds a name, at its
// document offset.
type located struct {
	offset int
	def    definition
}

// definitions lists a document's module-level statements that bind a
// name (bindingName), in document order, by the name.
var definitions = cellfix.NewFact("polyfill-definitions", func(doc *cellfix.Document) map[string][]located {
	byName := map[string][]located{}
	for _, c := range doc.Cells {
		if c.Root == nil {
			continue
		}
		for _, stmt := range c.Root.Children() {
			if name, ok := bindingName(c, stmt); ok {
				byName[name] = append(byName[name], located{c.Offset + stmt.Start(), definition{c.Text[stmt.Start():stmt.End()]}})
			}
		}
	}
	return byName
})

// lastDefinition finds the last module-level statement that binds name
// (a class or function definition, or an assignment) and starts before
// document offset until, or nil.
func lastDefinition(doc *cellfix.Document, name string, until int) *definition {
	defs := definitions.Of(doc)[name]
	i := sort.Search(len(defs), func(i int) bool { return defs[i].offset >= until })
	if i == 0 {
		return nil
	}
	return &definition{defs[i-1].def.text}
}

// bindingName returns the name module-level statement stmt binds: a
// class's or function's name, or the text of an assignment's target; ok
// is false when it binds none.
func bindingName(c *cellfix.Cell, stmt *cellfix.Node) (name string, ok bool) {
	def := stmt
	if def.Type() == "decorated_definition" {
		def = def.Child("definition")
	}
	switch def.Type() {
	case "class_definition", "function_definition":
		if id := def.Child("name"); id != nil {
			return c.Masked[id.Start():id.End()], true
		}
	case "expression_statement":
		if len(def.Children()) == 1 && def.Children()[0].Type() == "assignment" {
			if left := def.Children()[0].Child("left"); left != nil {
				return strings.TrimSpace(c.Masked[left.Start():left.End()]), true
			}
		}
	}
	return "", false
}

// ImportFix returns the safe fix for `from M import NAME` (entry i of
// stmt, not aliased) of the removed name itself: it removes the entry and
// inserts the polyfill's code, which defines name, before the name's first
// use. uses are the uses of the import, in document order. Without a fix,
// why says why not (as for Fix).
func (pf *Polyfill) ImportFix(p *cellfix.Pass, stmt *cellfix.Node, i int, uses []cellfix.Use, title string) (fix *cellfix.Fix, why string) {
	keras, imports := p.ModuleName("keras")
	if keras != "keras" {
		return nil, notKeras
	}
	first := uses[0]
	firstUse := p.Doc.Cells[first.Cell].Offset + first.Ident.Start()
	fix = &cellfix.Fix{Title: title, Safety: cellfix.Safe, Imports: imports, Edits: []cellfix.TextEdit{p.Edit().RemoveImportEntry(stmt, i)}}
	// Up to the import (without it, name would mean the program's own
	// definition) or to the insertion point, whichever is later.
	defined, ok := pf.definedBefore(p.Doc, max(p.Offset(stmt.Start()), firstUse))
	if !ok {
		return nil, pf.taken()
	}
	if !defined {
		var inCell []int // the uses in the cell the code goes to
		for _, u := range uses {
			if u.Cell == first.Cell {
				inCell = append(inCell, u.Ident.Start())
			}
		}
		if _, ok := p.Doc.DefinitionPoint(first.Cell, needs, inCell); !ok {
			return nil, noPoint
		}
		fix.Definitions = []cellfix.Definition{{Name: pf.Names[0], Code: pf.Code, Before: firstUse, Needs: needs}}
	}
	return fix, ""
}
