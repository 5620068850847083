package rules

import (
	"fmt"
	"strings"

	"github.com/gokmig/gokmig/cellfix"
)

// TFKerasImport finds Keras reached through TensorFlow (`from tensorflow
// import keras`, `from tensorflow.keras.layers import Dense`, `tf.keras.X`,
// `tensorflow.python.keras`) and rewrites it to the Keras 3 package.
//
// tf.keras is Keras 2 before TensorFlow 2.16 or with TF_USE_LEGACY_KERAS=1,
// and from 2.16 on Keras 3 behind a TensorFlow compatibility namespace that
// keeps names `keras` lacks; `import keras` is Keras 3 on every setup and
// keeps the code free of TensorFlow. The rewrite is only made when every name involved
// exists in Keras 3 (checked against the kerasapi table); names that exist
// only in tf.keras keep their spelling and are reported by shim-only-api.
//
//	from tensorflow import keras           →  import keras
//	from tensorflow.keras import layers    →  from keras import layers
//	tf.keras.layers.Dense(3)               →  keras.layers.Dense(3)
//
// When the rewrite leaves `import tensorflow as tf` unused, it is removed.
var TFKerasImport = &cellfix.Rule{
	Name:    "tf-keras-import",
	Code:    "K301",
	Title:   "Keras imported through TensorFlow (`tf.keras`)",
	Fixable: true,
	Run:     runTFKerasImport,
}

func init() { register(TFKerasImport) }

func runTFKerasImport(p *cellfix.Pass) {
	p.Each(func(n *cellfix.Node) bool {
		switch n.Type() {
		case "import_from_statement":
			checkFromImport(p, n)
			return false
		case "import_statement":
			checkImport(p, n)
			return false
		}
		return true
	}, "import_from_statement", "import_statement")
	for _, ch := range kerasChains(p) {
		checkChain(p, ch)
	}
	removeUnusedTensorFlow(p)
}

// checkFromImport handles `from tensorflow import keras` and
// `from tensorflow.keras[.x] import names`.
func checkFromImport(p *cellfix.Pass, stmt *cellfix.Node) {
	mod := stmt.Child("module_name")
	if mod == nil || mod.Type() == "relative_import" {
		return
	}
	module := p.Dotted(mod)
	if module == "tensorflow" {
		checkFromTensorFlowImportKeras(p, stmt)
		return
	}
	c, ok := classifyKerasName(module)
	if !ok || c.owner != ownerTFKerasImport {
		return // not tf.keras, or a module only tf.keras has: shim-only-api reports its names
	}
	k, newModule, moved, safety := c.k, c.name, c.moved, c.safety
	if removeMigratedImportEntry(p, stmt) {
		return
	}
	// Names Keras 3 lacks stay on tf.keras in an import of their own;
	// shim-only-api and removed-api report them. A module Keras 3 moved
	// keeps its local name, bound to the new home.
	var keep, stay, rebound []string
	for _, im := range cellfix.ImportedNames(stmt) {
		name, _ := classifyKerasName(module + "." + p.Dotted(im.Name))
		switch {
		case name.owner != ownerTFKerasImport:
			stay = append(stay, p.Text(im.Entry))
		case isMovedModule(name.k):
			local := p.Dotted(im.Name)
			if im.Alias != nil {
				local = p.Text(im.Alias)
			}
			rebound = append(rebound, rebindImport(name.name, local))
		default:
			keep = append(keep, p.Text(im.Entry))
		}
	}
	if len(rebound) > 0 {
		checkMovedModuleImport(p, stmt, module, newModule, keep, rebound, stay, safety)
		return
	}
	if len(keep) == 0 {
		return
	}
	msg := fmt.Sprintf("`from %s import …` %s; import from `%s`", module, viaTensorFlow, newModule)
	if moved {
		msg += fmt.Sprintf(" (Keras 3 moved `%s` to `%s`)", k, newModule)
	}
	if blocked := blockedUsesExcept(p, stmt, stay); len(blocked) > 0 {
		p.Reportf(mod, nil, msg+" once "+blockedText(blocked, k)+" are migrated")
		return
	}
	fix := &cellfix.Fix{Title: "Import from `" + newModule + "`", Safety: safety, Edits: []cellfix.TextEdit{p.Replace(mod, newModule)}}
	if len(stay) > 0 {
		split := p.Edit().SplitImport(stmt, newModule, keep, module, stay)
		fix = &cellfix.Fix{Title: "Import what Keras 3 has from `" + newModule + "`", Safety: safety, Edits: []cellfix.TextEdit{split}}
		msg += "; " + strings.Join(stay, ", ") + " must stay on tf.keras until migrated"
	}
	p.Reportf(mod, fix, msg)
}

// checkMovedModuleImport rewrites `from tensorflow.keras.layers.experimental
// import preprocessing` as `from keras import layers as preprocessing`: the
// code keeps saying `preprocessing.Normalization`, which Keras 3 has as
// `keras.layers.Normalization`.
func checkMovedModuleImport(p *cellfix.Pass, stmt *cellfix.Node, module, newModule string, keep, rebound, stay []string, safety cellfix.Safety) {
	mod := stmt.Child("module_name")
	msg := fmt.Sprintf("`from %s import …` uses Keras 2 through TensorFlow, and Keras 3 moved the module it imports; bind the same name to its new home", module)
	if blocked := blockedUsesExcept(p, stmt, stay); len(blocked) > 0 {
		p.Reportf(mod, nil, msg+" once "+blockedText(blocked, module)+" are migrated")
		return
	}
	var statements []string
	if len(keep) > 0 {
		statements = append(statements, "from "+newModule+" import "+strings.Join(keep, ", "))
	}
	statements = append(statements, rebound...)
	if len(stay) > 0 {
		statements = append(statements, "from "+module+" import "+strings.Join(stay, ", "))
		msg += "; " + strings.Join(stay, ", ") + " must stay on tf.keras until migrated"
	}
	p.Reportf(mod, &cellfix.Fix{Title: "Import the moved module from its Keras 3 home", Safety: safety,
		Edits: []cellfix.TextEdit{p.Edit().ReplaceStatement(stmt, statements...)}}, msg)
}

// rebindImport is the import statement that binds local to the Keras 3
// module name: "from keras import layers as preprocessing".
func rebindImport(name, local string) string {
	dot := strings.LastIndexByte(name, '.')
	if dot < 0 {
		if local == name {
			return "import " + name
		}
		return "import " + name + " as " + local
	}
	entry := name[dot+1:]
	if entry != local {
		entry += " as " + local
	}
	return "from " + name[:dot] + " import " + entry
}

// viaTensorFlow says what reaching Keras through TensorFlow gives on
// each setup: Keras 2 before TensorFlow 2.16 or with TF_USE_LEGACY_KERAS=1
// (and tf-keras), else Keras 3's TensorFlow-bound compatibility namespace,
// which keeps names `keras` lacks. The rule doc says why `import keras`
// still matters on the newer setup.
const viaTensorFlow = "reaches Keras through TensorFlow: Keras 2 before TF 2.16 or with TF_USE_LEGACY_KERAS=1, a TensorFlow-bound Keras 3 namespace after"

func checkFromTensorFlowImportKeras(p *cellfix.Pass, stmt *cellfix.Node) {
	var kerasName *cellfix.Node
	var others []string
	for _, im := range cellfix.ImportedNames(stmt) {
		if p.Dotted(im.Name) == "keras" {
			kerasName = im.Entry
		} else {
			others = append(others, p.Text(im.Entry))
		}
	}
	if kerasName == nil {
		return
	}
	statements := []string{"import " + p.Text(kerasName)}
	msg := "`from tensorflow import keras` " + viaTensorFlow + "; use `import keras`"
	if blocked := blockedUses(p, stmt); len(blocked) > 0 {
		p.Reportf(kerasName, nil, msg+" once "+blockedText(blocked, "tf.keras")+" are migrated")
		return
	}
	if len(others) > 0 {
		statements = append([]string{"from tensorflow import " + strings.Join(others, ", ")}, statements...)
	}
	p.Reportf(kerasName, &cellfix.Fix{Title: "Use `import keras`", Edits: []cellfix.TextEdit{p.Edit().ReplaceStatement(stmt, statements...)}}, msg)
}

// checkImport handles `import tensorflow.keras as k`.
func checkImport(p *cellfix.Pass, stmt *cellfix.Node) {
	for _, im := range cellfix.ImportedNames(stmt) {
		if im.Alias == nil {
			continue // import tensorflow.keras binds tensorflow: its uses are chains
		}
		name := im.Name
		c, ok := classifyKerasName(p.Dotted(name))
		if !ok || !c.tfSpelling {
			continue
		}
		k, newName, safety := c.k, c.name, c.safety
		msg := fmt.Sprintf("`import %s` %s; import `%s`", p.Dotted(name), viaTensorFlow, newName)
		if blocked := blockedUses(p, stmt); c.owner != ownerTFKerasImport || len(blocked) > 0 {
			p.Reportf(name, nil, msg+" once "+blockedText(blocked, k)+" are migrated")
			continue
		}
		p.Reportf(name, &cellfix.Fix{Title: "Import `" + newName + "`", Safety: safety, Edits: []cellfix.TextEdit{p.Replace(name, newName)}}, msg)
	}
}

// checkChain handles tf.keras.X chains in code, and Keras 2 paths that
// Keras 3 moved (layers.experimental.preprocessing.X) under any binding.
func checkChain(p *cellfix.Pass, ch kerasChain) {
	c := ch.class
	if c.owner != ownerTFKerasImport {
		return // another rule's name (classifyKerasName says whose)
	}
	name, moved, safety := c.name, c.moved, c.safety
	if safety == cellfix.Unsafe {
		safety = optimizerMoveSafety(p, c.k, ch.node)
	}
	tfKeras := tfKerasNode(p, ch.node)
	switch {
	case tfKeras != nil:
		// tf.keras.layers.Dense → keras.layers.Dense, keeping the user's text
		// after tf.keras unless Keras 3 moved the path.
		if b := p.Lookup("keras"); b != nil && b.Qualified != "keras" && cellfix.KerasSpelling(b.Qualified) != "keras" {
			p.Reportf(ch.node, nil, fmt.Sprintf("`%s` "+viaTensorFlow+"; use `%s` (the name `keras` is taken here, so no fix is offered)", cellfix.OneLine(p.Text(ch.node)), name))
			return
		}
		edit := p.Replace(tfKeras, "keras")
		if moved {
			edit = p.Replace(ch.node, name)
		}
		if blocked := blockedAliasUses(p, ch.node); len(blocked) > 0 {
			p.Reportf(ch.node, nil, fmt.Sprintf("`%s` "+viaTensorFlow+"; use `%s` once %s are migrated", cellfix.OneLine(p.Text(ch.node)), name, blockedText(blocked, ch.k)))
			return
		}
		p.Reportf(ch.node, &cellfix.Fix{Title: "Use `" + name + "`", Safety: safety, Edits: []cellfix.TextEdit{edit}, Imports: []cellfix.Import{{Module: "keras"}}},
			fmt.Sprintf("`%s` "+viaTensorFlow+"; use `%s`", cellfix.OneLine(p.Text(ch.node)), name))
	case moved && ch.node.Type() == "attribute":
		// A name bound by a tf.keras import (keras, layers …) used with a
		// path Keras 3 moved: rewrite the path after the bound name.
		root := cellfix.ChainRoot(ch.node)
		rootK := cellfix.KerasSpelling(p.Resolve(root))
		if isMovedModule(rootK) && p.Resolve(root) != rootK {
			return // the import of the moved module is rewritten instead (checkMovedModuleImport)
		}
		if !strings.HasPrefix(name, rootK+".") {
			// The bound name is a moved module itself (`preprocessing`
			// from layers.experimental): name the new home as the cell
			// can, so the old import can go once nothing uses it.
			var fix *cellfix.Fix
			if i := strings.LastIndexByte(name, '.'); i > 0 {
				if module, imports := p.ModuleName(name[:i]); module != "" {
					text := module + name[i:]
					fix = &cellfix.Fix{Title: "Use `" + text + "`", Safety: safety, Edits: []cellfix.TextEdit{p.Replace(ch.node, text)}, Imports: imports}
				}
			}
			p.Reportf(ch.node, fix, fmt.Sprintf("Keras 3 moved `%s` to `%s`", ch.k, name))
			return
		}
		text := p.Text(root) + name[len(rootK):]
		p.Reportf(ch.node, &cellfix.Fix{Title: "Use `" + text + "`", Safety: safety, Edits: []cellfix.TextEdit{p.Replace(ch.node, text)}},
			fmt.Sprintf("Keras 3 moved `%s` to `%s`", ch.k, name))
	}
}

// removeUnusedTensorFlow removes `import tensorflow as tf` once the
// migration has removed its last use. An import the author never used is
// left alone: that is not ours to judge.
func removeUnusedTensorFlow(p *cellfix.Pass) {
	for _, stmt := range p.Cell.Root.Children() {
		if stmt.Type() != "import_statement" || len(stmt.NamedChildren()) != 1 {
			continue
		}
		b := bindingOf(p, stmt)
		if b == nil || b.Qualified != "tensorflow" || !p.Doc.WasUsed(b) || len(p.Doc.Model().Uses(b)) > 0 {
			continue
		}
		p.Reportf(stmt, &cellfix.Fix{Title: "Remove the unused import", Edits: []cellfix.TextEdit{p.Edit().RemoveStatement(stmt)}},
			fmt.Sprintf("`%s` is no longer used after the migration to Keras 3", p.Text(stmt)))
	}
}

func bindingOf(p *cellfix.Pass, stmt *cellfix.Node) *cellfix.Binding {
	for _, b := range p.Doc.Model().BindingsIn(p.CellPos) {
		if b.Stmt == stmt {
			return b
		}
	}
	return nil
}

// blockedUses returns the names, used through the bindings an import
// statement makes, that Keras 3 does not have: rewriting the import would
// break them.
func blockedUses(p *cellfix.Pass, stmt *cellfix.Node) []string {
	var blocked []string
	for _, b := range p.Doc.Model().BindingsIn(p.CellPos) {
		if b.Stmt != stmt {
			continue
		}
		blocked = append(blocked, missingUses(p, b)...)
	}
	return dedupe(blocked)
}

// blockedUsesExcept is blockedUses without the uses of names that stay
// on tf.keras (written as in the import, possibly "name as alias").
func blockedUsesExcept(p *cellfix.Pass, stmt *cellfix.Node, stay []string) []string {
	skip := map[string]bool{}
	for _, b := range p.Doc.Model().BindingsIn(p.CellPos) {
		if b.Stmt != stmt {
			continue
		}
		for _, st := range stay {
			if f := strings.Fields(st); f[len(f)-1] == b.Name {
				skip[b.Name] = true
			}
		}
	}
	var blocked []string
	for _, b := range p.Doc.Model().BindingsIn(p.CellPos) {
		if b.Stmt == stmt && !skip[b.Name] {
			blocked = append(blocked, missingUses(p, b)...)
		}
	}
	return dedupe(blocked)
}

// blockedAliasUses does the same for `K = tf.keras.backend`, whose uses
// would break if the right side were rewritten.
func blockedAliasUses(p *cellfix.Pass, chain *cellfix.Node) []string {
	if chain.Field() != "right" || chain.Parent.Type() != "assignment" {
		return nil
	}
	for _, b := range p.Doc.Model().BindingsIn(p.CellPos) {
		if b.Kind == cellfix.AliasBinding && b.Stmt.Children()[0] == chain.Parent {
			return dedupe(missingUses(p, b))
		}
	}
	return nil
}

func missingUses(p *cellfix.Pass, b *cellfix.Binding) []string {
	var missing []string
	// A moved module imported by name is bound to its new home by the fix,
	// so a moved path under it needs no rewrite first.
	rebound := b.Kind != cellfix.AliasBinding && isMovedModule(cellfix.KerasSpelling(b.Qualified))
	m := p.Doc.Model()
	for _, u := range m.Uses(b) {
		q := m.Resolve(u.Cell, u.Chain)
		c, ok := classifyKerasName(q)
		if !ok || !c.tfSpelling {
			continue
		}
		// A moved path after the bound name (keras.layers.experimental.…)
		// is rewritten at the use first; until then the import must keep
		// working for it. A bare use of a moved name moves with the import.
		if c.owner != ownerTFKerasImport || (c.moved && u.Chain != u.Ident && !rebound) {
			missing = append(missing, c.k)
		}
		// `K = keras.backend`: the alias's uses go through this import too.
		if alias := aliasBoundBy(p, u); alias != nil && alias != b {
			missing = append(missing, missingUses(p, alias)...)
		}
	}
	return missing
}

// aliasBoundBy returns the alias binding an assignment makes from a use
// (`K = keras.backend` for the use `keras.backend`), or nil.
func aliasBoundBy(p *cellfix.Pass, u cellfix.Use) *cellfix.Binding {
	chain := u.Chain
	if chain.Field() != "right" || chain.Parent == nil || chain.Parent.Type() != "assignment" {
		return nil
	}
	for _, b := range p.Doc.Model().BindingsIn(u.Cell) {
		if b.Kind == cellfix.AliasBinding && len(b.Stmt.Children()) > 0 && b.Stmt.Children()[0] == chain.Parent {
			return b
		}
	}
	return nil
}

func blockedText(names []string, what string) string {
	if len(names) == 0 {
		return "the names Keras 3 lacks from `" + what + "`"
	}
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = "`" + n + "`"
	}
	return "the uses of " + strings.Join(quoted, ", ") + " (not in Keras 3)"
}

// tfKerasNode returns the `tf.keras` (or `tensorflow.python.keras`) part
// of a chain, when the chain reaches Keras through the tensorflow module.
func tfKerasNode(p *cellfix.Pass, chain *cellfix.Node) *cellfix.Node {
	for n := chain; n.Type() == "attribute"; n = n.Child("object") {
		attr := n.Child("attribute")
		if attr == nil || p.Text(attr) != "keras" {
			continue
		}
		switch p.Resolve(n.Child("object")) {
		case "tensorflow", "tensorflow.python":
			return n
		}
	}
	return nil
}

func dedupe(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// removeMigratedImportEntry deletes one name of a tf.keras from-import
// that the migration left unused (its uses were rewritten to their Keras 3
// home), and reports whether it did: that name may have no Keras 3
// counterpart to import (`preprocessing` of layers.experimental).
func removeMigratedImportEntry(p *cellfix.Pass, stmt *cellfix.Node) bool {
	entries := cellfix.ImportEntries(stmt)
	for _, b := range p.Doc.Model().BindingsIn(p.CellPos) {
		if b.Stmt != stmt || !p.Doc.WasUsed(b) || len(p.Doc.Model().Uses(b)) > 0 {
			continue
		}
		for i, e := range entries {
			if e == b.Node || (b.Node != nil && b.Node.Parent == e) {
				p.Reportf(e, &cellfix.Fix{Title: "Remove the unused import", Edits: []cellfix.TextEdit{p.Edit().RemoveImportEntry(stmt, i)}},
					fmt.Sprintf("`%s` is no longer used after the migration to Keras 3", p.Text(e)))
				return true
			}
		}
	}
	return false
}
