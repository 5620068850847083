package rules

import (
	"fmt"

	"github.com/gokmig/gokmig/cellfix"
)

// UnknownKerasName reports `keras.` names that Keras 3 does not have,
// typically code swapped from tf.keras by hand (`keras.preprocessing.text.Tokenizer`)
// or Keras 2 private paths (`keras.layers.core.Dense`).
//
// Such code fails with an AttributeError or ImportError on Keras 3. When
// Keras 3 only moved the name (`keras.utils.np_utils.to_categorical` is now
// `keras.utils.to_categorical`), the fix rewrites the path.
var UnknownKerasName = &cellfix.Rule{
	Name:    "unknown-keras-name",
	Code:    "K303",
	Title:   "Name that Keras 3 does not have",
	Fixable: true,
	Run:     runUnknownKerasName,
}

func init() { register(UnknownKerasName) }

func runUnknownKerasName(p *cellfix.Pass) {
	for _, ch := range kerasChains(p) {
		// A bare name is reported once, at the import that binds it.
		c := ch.class
		if c.owner != ownerUnknownName || ch.node.Type() == "identifier" {
			continue
		}
		name, moved, safety := c.name, c.moved, c.safety
		switch {
		case !c.exists:
			p.Reportf(ch.node, nil, missingNameMessage(ch.k, name, false))
		case moved && ch.node.Type() == "attribute":
			root := cellfix.ChainRoot(ch.node)
			rootQ := p.Resolve(root)
			msg := fmt.Sprintf("Keras 3 moved `%s` to `%s`", ch.k, name)
			if len(name) <= len(rootQ) || name[:len(rootQ)+1] != rootQ+"." {
				p.Reportf(ch.node, nil, msg)
				continue
			}
			text := p.Text(root) + name[len(rootQ):]
			p.Reportf(ch.node, &cellfix.Fix{Title: "Use `" + text + "`", Safety: safety, Edits: []cellfix.TextEdit{p.Replace(ch.node, text)}}, msg)
		}
	}
	p.Each(func(n *cellfix.Node) bool {
		if n.Type() == "import_from_statement" {
			fixMovedKerasImport(p, n)
			reportMissingImports(p, n, false)
			return false
		}
		return true
	}, "import_from_statement")
}

// fixMovedKerasImport rewrites `from keras.layers.core import Dense` to
// `from keras.layers import Dense`.
func fixMovedKerasImport(p *cellfix.Pass, stmt *cellfix.Node) {
	mod := stmt.Child("module_name")
	if mod == nil || mod.Type() == "relative_import" {
		return
	}
	module := p.Dotted(mod)
	c, _ := classifyKerasName(module)
	if c.owner != ownerUnknownName || !c.moved || !c.exists {
		return
	}
	name, safety := c.name, c.safety
	for _, imported := range importedNames(p, stmt) {
		switch entry, _ := classifyKerasName(module + "." + imported); {
		case entry.owner == ownerRemoved:
			return // removed-api reports it, with what to use instead
		case !entry.exists:
			p.Reportf(mod, nil, fmt.Sprintf("Keras 3 moved `%s` to `%s`, but not every name imported here", module, name))
			return
		}
	}
	p.Reportf(mod, &cellfix.Fix{Title: "Import from `" + name + "`", Safety: safety, Edits: []cellfix.TextEdit{p.Replace(mod, name)}},
		fmt.Sprintf("Keras 3 moved `%s` to `%s`", module, name))
}
