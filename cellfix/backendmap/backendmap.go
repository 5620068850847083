// Package backendmap is the table of Keras 2 backend functions and
// constants that only tf.keras keeps (keras.backend.get_value,
// keras.losses.Reduction.NONE ...) with their Keras 3 replacements, and the
// rewriter of the calls it drives. The table is data (backend.tsv,
// documented in its header) so that scripts/verify-backendmap.py can run
// each row's example on real Keras 2 and Keras 3 and compare the results.
package backendmap

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"

	"github.com/gokmig/gokmig/cellfix"
)

//go:embed backend.tsv
var tableText string

// Row is one row of the table.
type Row struct {
	// Name is the Keras 2 name in Keras 3 spelling ("keras.backend.sum").
	Name string
	// Params are its Keras 2 parameters in order; nil for a constant.
	Params []string
	// Replace is the replacement template (see backend.tsv).
	Replace string
	// Renames maps Keras 2 argument names to Keras 3 ones for pass-through rows.
	Renames map[string]string
	Safety  cellfix.Safety
	// Statement rows are only rewritten when the call is a statement of
	// its own (their Keras 3 form returns something else).
	Statement bool
	Example   string
	Note      string
	Line      int
}

// Constant reports whether the row is a constant (a value, not a call).
func (r Row) Constant() bool { return r.Params == nil }

var (
	once  sync.Once
	rows  []Row
	index map[string]*Row
)

func load() {
	index = map[string]*Row{}
	for i, line := range strings.Split(tableText, "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 7 {
			panic(fmt.Sprintf("backendmap: backend.tsv:%d: %d columns, want 7", i+1, len(f)))
		}
		r := Row{Name: f[0], Replace: f[2], Renames: map[string]string{}, Example: f[5], Note: f[6], Line: i + 1}
		if f[1] != "-" {
			r.Params = strings.Fields(f[1])
		}
		if f[3] != "-" {
			for _, pair := range strings.Fields(f[3]) {
				from, to, _ := strings.Cut(pair, ">")
				r.Renames[from] = to
			}
		}
		switch f[4] {
		case "safe":
		case "unsafe":
			r.Safety = cellfix.Unsafe
		case "statement":
			r.Statement = true
		default:
			panic(fmt.Sprintf("backendmap: backend.tsv:%d: safety %q", i+1, f[4]))
		}
		rows = append(rows, r)
	}
	for i := range rows {
		index[rows[i].Name] = &rows[i]
	}
}

// All returns every row, in table order.
func All() []Row {
	once.Do(load)
	return rows
}

// Lookup returns the row for a name in Keras 3 spelling, or nil.
func Lookup(k string) *Row {
	once.Do(load)
	return index[k]
}

// Fix builds the fix that rewrites n, the chain naming the row's function or
// constant (its call, for a function, is n's parent), or nil when this use
// cannot be rewritten (the arguments do not fit the row, or the name keras
// is taken).
func (r *Row) Fix(p *cellfix.Pass, n *cellfix.Node) *cellfix.Fix {
	title := "Use the Keras 3 equivalent"
	if r.Constant() {
		if n.Parent != nil && n.Parent.Type() == "call" && n.Field() == "function" {
			return nil
		}
		return &cellfix.Fix{Title: "Use " + r.Replace, Safety: r.Safety, Edits: []cellfix.TextEdit{p.Replace(n, r.Replace)}}
	}
	call := n.Parent
	if call == nil || call.Type() != "call" || n.Field() != "function" {
		return nil
	}
	if r.Statement && (call.Parent == nil || call.Parent.Type() != "expression_statement") {
		return nil
	}
	keras, imports := p.ModuleName("keras")
	if keras == "" {
		return nil
	}
	tmpl := strings.ReplaceAll(r.Replace, "{keras}", keras)
	args := p.Args(call)
	if args.List == nil || args.Splat || len(args.Positional) > len(r.Params) {
		return nil
	}
	for name := range args.Keyword {
		if !contains(r.Params, name) {
			return nil
		}
	}
	if callee, ok := strings.CutSuffix(tmpl, "(*)"); ok {
		edits := []cellfix.TextEdit{p.Replace(n, callee)}
		for name, kw := range args.Keyword {
			if to, ok := r.Renames[name]; ok {
				edits = append(edits, p.Edit().RenameKeyword(kw, to))
			}
		}
		return &cellfix.Fix{Title: "Use `" + strings.TrimPrefix(callee, keras+".") + "`", Safety: r.Safety, Edits: edits, Imports: imports}
	}
	values := map[string]*cellfix.Node{}
	for i, a := range args.Positional {
		values[r.Params[i]] = a
	}
	for name, kw := range args.Keyword {
		values[name] = kw.Child("value")
	}
	out := tmpl
	for _, param := range r.Params {
		ph := "{" + param + "}"
		if !strings.Contains(out, ph) {
			if _, given := values[param]; given {
				return nil // an argument the template has no room for
			}
			continue
		}
		v, ok := values[param]
		if !ok {
			return nil
		}
		// A receiver ({x}.assign) needs an atomic operand; an argument
		// takes any expression.
		out = strings.ReplaceAll(out, ph+".", operand(p, v)+".")
		out = strings.ReplaceAll(out, ph, p.Text(v))
	}
	return &cellfix.Fix{Title: title, Safety: r.Safety, Edits: []cellfix.TextEdit{p.Replace(call, out)}, Imports: imports}
}

// operand is an argument's source, parenthesized unless it is atomic
// enough to take an attribute or sit in an argument list.
func operand(p *cellfix.Pass, v *cellfix.Node) string {
	text := p.Text(v)
	switch v.Type() {
	case "identifier", "attribute", "call", "subscript", "parenthesized_expression", "list", "tuple", "integer", "float", "string", "true", "false", "none":
		return text
	}
	return "(" + text + ")"
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
