// Package opmap is the TensorFlow → Keras 3 op table and the rewriter of
// calls that it drives. The table is data (opmap.tsv, documented in its
// header) so that one file feeds every rule that rewrites TensorFlow ops
// and scripts/verify-opmap.py can check each row against the real Keras
// signatures; the guide's own table is wrong in places.
package opmap

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"

	"github.com/gokmig/gokmig/cellfix"
)

//go:embed opmap.tsv
var opmapText string

// Param is one parameter of a TensorFlow or Keras function.
type Param struct {
	Name string
	// Default is the default's source text; HasDefault says whether there
	// is one.
	Default    string
	HasDefault bool
	// VarPositional (*args), KeywordOnly (after * or *args) and VarKeyword
	// (**kwargs) describe how the parameter is passed.
	VarPositional, KeywordOnly, VarKeyword bool
}

// Fill is a Keras argument written out when a call leaves it unset.
type Fill struct{ Name, Value string }

// Mapping is one row of the op table: a TensorFlow function (or constant)
// and its Keras 3 replacement. The maps and slices are shared; do not
// modify them.
type Mapping struct {
	// TF is the canonical qualified TensorFlow name ("tensorflow.reduce_sum");
	// Names lists every qualified name of the row, TF first.
	TF    string
	Names []string
	// Keras is the replacement ("keras.ops.sum"), "" when there is none.
	// For a Value row it is the Python literal to write ("\"float32\"").
	Keras string
	// Renames maps TensorFlow argument names to Keras ones; "" means the
	// argument is dropped because it cannot change the result (name=).
	// Arguments not listed keep their name when Keras has it.
	Renames map[string]string
	Safety  cellfix.Safety
	// ReportOnly rows have no 1:1 replacement: calls are reported, never
	// rewritten.
	ReportOnly bool
	// Value rows are constants such as tf.float32 or tf.newaxis.
	Value bool
	Note  string
	// TFParams and KerasParams are the two signatures, in order.
	TFParams, KerasParams []Param
	// Fills are Keras arguments written out when the call leaves them
	// unset, because the defaults differ or Keras requires them.
	Fills []Fill
	// Needs are TensorFlow arguments a call must pass to be rewritten.
	Needs []string
	// Unmapped are TensorFlow arguments with no Keras counterpart even
	// though Keras has a parameter of that name.
	Unmapped map[string]bool
	// SafeWhenIndexed marks unsafe rows that are exact when the call's
	// result is indexed right away (tf.shape(x)[0]).
	SafeWhenIndexed bool
	// Line is the row's line in opmap.tsv.
	Line int
}

// Target returns the Keras parameter a TensorFlow parameter becomes: its
// name, "" when the argument is dropped, or ok=false when Keras has no
// counterpart and a call passing it cannot be rewritten.
func (m Mapping) Target(tfParam string) (name string, ok bool) {
	if m.Unmapped[tfParam] {
		return "", false
	}
	if to, renamed := m.Renames[tfParam]; renamed {
		return to, true
	}
	for _, p := range m.TFParams {
		if p.Name == tfParam && p.VarPositional {
			for _, k := range m.KerasParams {
				if k.VarPositional {
					return k.Name, true
				}
			}
			return "", false
		}
	}
	for _, k := range m.KerasParams {
		if k.Name == tfParam && !k.VarPositional && !k.VarKeyword {
			return k.Name, true
		}
	}
	return "", false
}

var (
	opTableOnce sync.Once
	opTable     []Mapping
	opByName    map[string]int
)

// loadOpTable parses the embedded table on first use. A malformed table is
// a build defect caught by the tests, so it panics.
func loadOpTable() {
	opTableOnce.Do(func() {
		rows, err := parseOpTable(opmapText)
		if err != nil {
			panic(fmt.Sprintf("rules: embedded opmap.tsv: %v", err))
		}
		opTable = rows
		opByName = map[string]int{}
		for i, r := range rows {
			for _, n := range r.Names {
				opByName[n] = i
			}
		}
	})
}

// For returns the mapping of a qualified TensorFlow name such as
// "tensorflow.squeeze" or "tensorflow.math.reduce_sum".
func For(qualifiedTF string) (Mapping, bool) {
	loadOpTable()
	i, ok := opByName[qualifiedTF]
	if !ok {
		return Mapping{}, false
	}
	return opTable[i], true
}

// All returns every row of the table in file order.
func All() []Mapping {
	loadOpTable()
	return append([]Mapping(nil), opTable...)
}

func parseOpTable(text string) ([]Mapping, error) {
	var rows []Mapping
	for i, line := range strings.Split(text, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		row, err := parseOpRow(line)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", i+1, err)
		}
		row.Line = i + 1
		rows = append(rows, row)
	}
	return rows, nil
}

func parseOpRow(line string) (Mapping, error) {
	f := strings.Split(line, "\t")
	if len(f) != 7 {
		return Mapping{}, fmt.Errorf("want 7 tab-separated fields, got %d", len(f))
	}
	m := Mapping{Keras: f[2], Note: f[6], Renames: map[string]string{}, Unmapped: map[string]bool{}}
	for _, n := range strings.Fields(f[0]) {
		rest, ok := strings.CutPrefix(n, "tf.")
		if !ok {
			return m, fmt.Errorf("TensorFlow name %q does not start with tf.", n)
		}
		m.Names = append(m.Names, "tensorflow."+rest)
	}
	if len(m.Names) == 0 {
		return m, fmt.Errorf("no TensorFlow name")
	}
	m.TF = m.Names[0]
	switch f[5] {
	case "safe":
	case "unsafe":
		m.Safety = cellfix.Unsafe
	case "report":
		m.ReportOnly = true
	case "value":
		m.Value = true
		return m, nil
	default:
		return m, fmt.Errorf("unknown safety %q", f[5])
	}
	if m.Keras == "-" {
		m.Keras = ""
	}
	var err error
	if m.TFParams, err = parseParams(f[1]); err != nil {
		return m, fmt.Errorf("TensorFlow parameters: %w", err)
	}
	if f[3] != "-" {
		if m.KerasParams, err = parseParams(f[3]); err != nil {
			return m, fmt.Errorf("parse the Keras parameters: %w", err)
		}
	}
	if f[4] == "-" {
		return m, nil
	}
	for _, d := range strings.Split(f[4], " ") {
		switch {
		case d == "indexed":
			m.SafeWhenIndexed = true
		case strings.HasPrefix(d, "need:"):
			m.Needs = append(m.Needs, d[len("need:"):])
		case strings.HasPrefix(d, "+"):
			name, value, ok := strings.Cut(d[1:], "=")
			if !ok {
				return m, fmt.Errorf("directive %q: want +NAME=VALUE", d)
			}
			m.Fills = append(m.Fills, Fill{name, value})
		case strings.HasPrefix(d, "~"):
			// Documents an equivalent default; nothing to do when rewriting.
		case strings.Contains(d, ">"):
			from, to, _ := strings.Cut(d, ">")
			switch to {
			case "?":
				m.Unmapped[from] = true
			case "-":
				m.Renames[from] = ""
			default:
				m.Renames[from] = to
			}
		default:
			return m, fmt.Errorf("unknown directive %q", d)
		}
	}
	return m, nil
}

// parseParams reads a Python parameter list such as
// "x, axis=None, *args, keepdims=False, **kwargs".
func parseParams(text string) ([]Param, error) {
	var out []Param
	keywordOnly := false
	items, ok := splitTopLevel(text)
	if !ok {
		return nil, fmt.Errorf("bad parameter list %q: unbalanced brackets or quotes", text)
	}
	for _, item := range items {
		item = strings.TrimSpace(item)
		var p Param
		switch {
		case item == "*":
			keywordOnly = true
			continue
		case strings.HasPrefix(item, "**"):
			p = Param{Name: item[2:], VarKeyword: true}
		case strings.HasPrefix(item, "*"):
			p = Param{Name: item[1:], VarPositional: true}
			keywordOnly = true
		default:
			name, def, has := strings.Cut(item, "=")
			p = Param{Name: name, Default: def, HasDefault: has, KeywordOnly: keywordOnly}
		}
		if !isIdentifier(p.Name) {
			return nil, fmt.Errorf("bad parameter %q in %q", item, text)
		}
		out = append(out, p)
	}
	return out, nil
}

// splitTopLevel splits at commas outside brackets and quotes; ok is false
// when they do not balance.
func splitTopLevel(s string) (parts []string, ok bool) {
	depth, start := 0, 0
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' || c == ']' || c == '}':
			depth--
		case c == ',' && depth == 0:
			parts = append(parts, s[start:i])
			start = i + 1
		}
	}
	return append(parts, s[start:]), depth == 0 && quote == 0
}

func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i, c := range s {
		if c != '_' && !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') && (i == 0 || !(c >= '0' && c <= '9')) {
			return false
		}
	}
	return true
}

// Options adjusts RewriteCallWith for one rule.
type Options struct {
	// Values replaces the value of the Keras argument named by the key
	// (after renaming), e.g. seed → self.seed_generator.
	Values map[string]string
	// Extra are arguments added when the call leaves them unset.
	Extra []Fill
}

// RewriteCall returns the edits that turn call, a call of m's TensorFlow
// function, into a call of m.Keras: the function is renamed, arguments are
// renamed or dropped, positional arguments whose place differs become
// keywords, the row's fills are written out and TensorFlow dtype arguments
// (tf.float32) become strings. When the call cannot be rewritten exactly
// (an argument with no counterpart, unpacked arguments ...) it returns no
// edits and the reason.
func RewriteCall(p *cellfix.Pass, call *cellfix.Node, m Mapping) ([]cellfix.TextEdit, string) {
	return RewriteCallWith(p, call, m, Options{})
}

// RewriteCallWith is RewriteCall adjusted by opts.
func RewriteCallWith(p *cellfix.Pass, call *cellfix.Node, m Mapping, opts Options) ([]cellfix.TextEdit, string) {
	if m.ReportOnly || m.Value || m.Keras == "" {
		return nil, "it has no 1:1 Keras replacement"
	}
	fn, argList := call.Child("function"), call.Child("arguments")
	if fn == nil || argList == nil || argList.Type() != "argument_list" {
		return nil, "its arguments cannot be mapped"
	}
	callArgs := p.Args(call)
	args := callArgs.All
	type argEdit struct {
		drop    bool
		keyword string // written before a positional value ("axis=")
		newName string // a keyword's new name, "" to keep
		value   string // replacement value text, "" to keep
	}
	plan := make([]argEdit, len(args))
	supplied := map[string]bool{} // Keras arguments the call passes
	tfPassed := map[string]bool{} // TensorFlow arguments the call passes
	keywords := false             // later positional arguments must be keywords
	var kerasPositional []string  // Keras parameters that can be filled by position
	kerasVarArgs := false
	for _, k := range m.KerasParams {
		if k.VarPositional {
			kerasVarArgs = true
			break
		}
		if k.KeywordOnly || k.VarKeyword {
			break
		}
		kerasPositional = append(kerasPositional, k.Name)
	}
	out := 0 // arguments written by position so far
	pos := 0 // positional arguments seen so far
	for i, a := range args {
		switch a.Type() {
		case "list_splat", "dictionary_splat":
			return nil, "it unpacks arguments with * or **"
		case "keyword_argument":
			nameNode := a.Child("name")
			name := p.Text(nameNode)
			if !hasTFParam(m, name) {
				if hasVarKeyword(m.TFParams) {
					return nil, fmt.Sprintf("its argument `%s` has no counterpart in `%s`", name, m.Keras)
				}
				return nil, fmt.Sprintf("`%s` is not an argument of the TensorFlow op", name)
			}
			to, ok := m.Target(name)
			if !ok {
				return nil, fmt.Sprintf("its argument `%s` has no counterpart in `%s`", name, m.Keras)
			}
			tfPassed[name] = true
			if to == "" {
				if i == 0 {
					return nil, "its first argument would have to be dropped"
				}
				plan[i].drop = true
				continue
			}
			supplied[to] = true
			if to != name {
				plan[i].newName = to
			}
			plan[i].value = dtypeValue(p, a.Child("value"), opts.Values[to])
		default:
			tp, ok := m.ParamAt(pos)
			pos++
			if !ok {
				return nil, "it passes more positional arguments than TensorFlow takes"
			}
			to, mapped := m.Target(tp.Name)
			if !mapped {
				return nil, fmt.Sprintf("its argument `%s` has no counterpart in `%s`", tp.Name, m.Keras)
			}
			tfPassed[tp.Name] = true
			if to == "" {
				if i == 0 {
					return nil, "its first argument would have to be dropped"
				}
				plan[i].drop = true
				keywords = true
				continue
			}
			supplied[to] = true
			plan[i].value = dtypeValue(p, a, opts.Values[to])
			if tp.VarPositional {
				if keywords || !kerasVarArgs {
					return nil, "its extra positional arguments cannot be passed by position"
				}
				continue
			}
			if !keywords && out < len(kerasPositional) && kerasPositional[out] == to {
				out++
				continue
			}
			keywords = true
			plan[i].keyword = to + "="
		}
	}
	for _, need := range m.Needs {
		if !tfPassed[need] {
			return nil, fmt.Sprintf("it leaves `%s` unset, and then the two ops differ", need)
		}
	}

	ed := p.Edit()
	edits := []cellfix.TextEdit{ed.Replace(fn, m.Keras)}
	for i, a := range args {
		e := plan[i]
		switch {
		case e.drop:
			edits = append(edits, ed.RemoveArgument(callArgs, a))
		case a.Type() == "keyword_argument":
			if e.newName != "" {
				edits = append(edits, ed.RenameKeyword(a, e.newName))
			}
			if e.value != "" {
				edits = append(edits, ed.Replace(a.Child("value"), e.value))
			}
		case e.keyword != "" || e.value != "":
			value := e.value
			if value == "" {
				value = p.Text(a)
			}
			edits = append(edits, ed.Replace(a, e.keyword+value))
		}
	}
	var added []string
	for _, f := range append(append([]Fill(nil), m.Fills...), opts.Extra...) {
		if !supplied[f.Name] {
			added = append(added, f.Name+"="+f.Value)
			supplied[f.Name] = true
		}
	}
	if len(added) > 0 {
		text := strings.Join(added, ", ")
		var last *cellfix.Node
		for i := len(args) - 1; i >= 0; i-- {
			if !plan[i].drop {
				last = args[i]
				break
			}
		}
		edits = append(edits, ed.InsertArgumentAfter(call, last, text))
	}
	return edits, ""
}

func hasTFParam(m Mapping, name string) bool {
	for _, p := range m.TFParams {
		if p.Name == name && !p.VarPositional && !p.VarKeyword {
			return true
		}
	}
	return false
}

func hasVarKeyword(params []Param) bool {
	for _, p := range params {
		if p.VarKeyword {
			return true
		}
	}
	return false
}

// ParamAt returns the TensorFlow parameter filled by the positional
// argument at index i.
func (m Mapping) ParamAt(i int) (Param, bool) {
	for j, p := range m.TFParams {
		if p.VarPositional {
			return p, true
		}
		if p.KeywordOnly || p.VarKeyword {
			return Param{}, false
		}
		if j == i {
			return p, true
		}
	}
	return Param{}, false
}

// dtypeValue returns the text replacing an argument value: override when
// given, else the Keras spelling of a TensorFlow dtype (tf.float32 →
// "float32"), else "" to keep it.
func dtypeValue(p *cellfix.Pass, value *cellfix.Node, override string) string {
	if override != "" {
		return override
	}
	if lit, ok := tfValueLiteral(p, value); ok && lit != "None" {
		return lit
	}
	return ""
}

// tfValueLiteral returns the literal that replaces a TensorFlow constant
// such as tf.float32 or tf.newaxis.
func tfValueLiteral(p *cellfix.Pass, n *cellfix.Node) (string, bool) {
	if n == nil || n.Type() != "attribute" {
		return "", false
	}
	m, ok := For(p.Resolve(n))
	if !ok || !m.Value {
		return "", false
	}
	return m.Keras, true
}
