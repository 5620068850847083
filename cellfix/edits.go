package cellfix

import (
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
)

// This file holds the edit helpers every rule builds its fixes from, as
// Ruff's fix/edits does: arguments (take apart, insert, remove, rename),
// statement removal and import removal. Rules do not hand-craft byte
// ranges for these, so two rules that touch one call or one import
// produce edits of the same shape.

// CallArgs is a call's argument list taken apart.
type CallArgs struct {
	// List is the argument_list node; nil for a call such as f"..." whose
	// arguments are not a list (a generator expression).
	List *Node
	// All holds every argument, in order.
	All        []*Node
	Positional []*Node
	// Keyword maps names to keyword_argument nodes; nil when there are
	// none (read it, do not write it).
	Keyword map[string]*Node
	// Splat is set when *args or **kwargs may supply more arguments.
	Splat bool
}

// ArgsOf takes apart the arguments of call, a call node of cell c. The
// result is shared: read it, do not change it.
func ArgsOf(c *Cell, call *Node) CallArgs {
	m := c.args
	if m == nil || !memoizeArgs {
		return takeArgs(c, call)
	}
	m.mu.Lock()
	a, ok := m.byCall[call]
	m.mu.Unlock()
	if ok {
		argsMemoHits.Add(1)
		return a
	}
	a = takeArgs(c, call)
	m.mu.Lock()
	if m.byCall == nil {
		m.byCall = map[*Node]CallArgs{}
	}
	if len(m.byCall) < maxMemoized {
		m.byCall[call] = a
	}
	m.mu.Unlock()
	return a
}

// argsMemo keeps a cell's calls taken apart by ArgsOf: the rules that look
// at calls each take apart the ones they see, four times per call in a
// folder of notebooks, and the result depends only on the tree and the
// text, which never change.
type argsMemo struct {
	mu     sync.Mutex
	byCall map[*Node]CallArgs
}

// maxMemoized bounds the entries a memo of a cell's or a document's nodes
// keeps, so that a script of a million calls does not add a map of them
// to its tree.
const maxMemoized = 1 << 16

// memoizeArgs switches the memo on (tests compare without it), and
// argsMemoHits counts the calls it answered.
var (
	memoizeArgs  = true
	argsMemoHits atomic.Int64
)

// takeArgs is ArgsOf without the memo.
func takeArgs(c *Cell, call *Node) CallArgs {
	a := CallArgs{List: call.Child("arguments")}
	if a.List == nil || a.List.Type() != "argument_list" {
		a.List = nil
		return a
	}
	// Counted first, so that All and Positional share one array and
	// Keyword is made at its size: rules take apart most calls they see.
	all, positional, keyword := 0, 0, 0
	for _, arg := range a.List.Children() {
		if !arg.Named || arg.Type() == "comment" {
			continue
		}
		all++
		switch arg.Type() {
		case "keyword_argument":
			if arg.Child("name") != nil {
				keyword++
			}
		case "list_splat", "dictionary_splat":
		default:
			positional++
		}
	}
	if all == 0 {
		return a
	}
	buf := make([]*Node, all+positional)
	a.All = buf[:0:all]
	if positional > 0 {
		a.Positional = buf[all:all:len(buf)]
	}
	if keyword > 0 { // most calls have no keyword argument
		a.Keyword = make(map[string]*Node, keyword)
	}
	for _, arg := range a.List.Children() {
		if !arg.Named {
			continue
		}
		switch arg.Type() {
		case "comment":
			continue
		case "keyword_argument":
			if name := arg.Child("name"); name != nil {
				a.Keyword[c.Masked[name.Start():name.End()]] = arg
			}
		case "list_splat", "dictionary_splat":
			a.Splat = true
		default:
			a.Positional = append(a.Positional, arg)
		}
		a.All = append(a.All, arg)
	}
	return a
}

// Args is ArgsOf for a call of the pass's own cell.
func (p *Pass) Args(call *Node) CallArgs { return ArgsOf(p.Cell, call) }

// Param returns the argument for a parameter given by position or by
// keyword (the keyword_argument node), or nil. A negative pos asks for
// the keyword only.
func (a CallArgs) Param(pos int, keyword string) *Node {
	if pos >= 0 && pos < len(a.Positional) {
		return a.Positional[pos]
	}
	return a.Keyword[keyword]
}

// Value returns the value of the argument for a parameter given by
// position or by keyword (the keyword argument's value), or nil.
func (a CallArgs) Value(pos int, keyword string) *Node {
	arg := a.Param(pos, keyword)
	if arg != nil && arg.Type() == "keyword_argument" {
		return arg.Child("value")
	}
	return arg
}

// Editor makes edits in one cell of a document. A Pass is one for its own
// cell; Pass.In gives one for another cell (an earlier compile() call).
type Editor struct {
	Cell *Cell
}

// In returns an editor for the cell at position cell of the pass's document.
func (p *Pass) In(cell int) Editor { return Editor{p.Doc.Cells[cell]} }

// Edit is the editor of the pass's own cell.
func (p *Pass) Edit() Editor { return Editor{p.Cell} }

func (e Editor) span(start, end int, text string) TextEdit {
	return TextEdit{Start: e.Cell.Offset + start, End: e.Cell.Offset + end, NewText: text}
}

// Replace replaces node n with text.
func (e Editor) Replace(n *Node, text string) TextEdit { return e.span(n.Start(), n.End(), text) }

// ReplaceRange replaces the cell bytes [start, end) with text.
func (e Editor) ReplaceRange(start, end int, text string) TextEdit { return e.span(start, end, text) }

// NameArgument turns a positional argument into a keyword one.
func (e Editor) NameArgument(arg *Node, keyword string) TextEdit {
	return e.InsertBefore(arg, keyword+"=")
}

// InsertStatementAfter adds a statement on a new line after stmt, at its
// indentation. ok is false when stmt shares its line with other code.
func (e Editor) InsertStatementAfter(stmt *Node, text string) (edit TextEdit, ok bool) {
	c := e.Cell
	indent := c.Text[c.LineStart(stmt.Start()):stmt.Start()]
	if strings.TrimSpace(indent) != "" {
		return TextEdit{}, false
	}
	at := len(c.Text)
	if nl := strings.IndexByte(c.Text[stmt.End():], '\n'); nl >= 0 {
		at = stmt.End() + nl
	}
	return e.span(at, at, "\n"+indent+text), true
}

// InsertBefore inserts text just before node n.
func (e Editor) InsertBefore(n *Node, text string) TextEdit {
	return e.span(n.Start(), n.Start(), text)
}

// RemoveArgument deletes one argument of a call and the comma that
// separates it from its neighbour.
func (e Editor) RemoveArgument(a CallArgs, arg *Node) TextEdit {
	for i, x := range a.All {
		if x != arg {
			continue
		}
		switch {
		case i > 0:
			return e.span(a.All[i-1].End(), arg.End(), "")
		case len(a.All) > 1:
			return e.span(arg.Start(), a.All[1].Start(), "")
		}
	}
	// The only argument: clear the parentheses, trailing comma included.
	return e.span(a.List.Start()+1, a.List.End()-1, "")
}

// AppendArgument adds text (e.g. "jit_compile=False") as the last
// argument of call.
func (e Editor) AppendArgument(call *Node, text string) TextEdit {
	var last *Node
	for _, a := range call.Child("arguments").NamedChildren() {
		if a.Type() != "comment" {
			last = a
		}
	}
	return e.InsertArgumentAfter(call, last, text)
}

// InsertArgumentAfter adds text as an argument of call right after the
// argument after, or as the first one when after is nil.
func (e Editor) InsertArgumentAfter(call, after *Node, text string) TextEdit {
	if after == nil {
		args := call.Child("arguments")
		return e.span(args.Start()+1, args.Start()+1, text) // right after "("
	}
	return e.span(after.End(), after.End(), ", "+text)
}

// PrependArgument adds text as the first argument of call, with the comma
// that separates it from an existing first argument.
func (e Editor) PrependArgument(a CallArgs, text string) TextEdit {
	if len(a.All) > 0 {
		text += ", "
	}
	return e.span(a.List.Start()+1, a.List.Start()+1, text)
}

// RenameKeyword renames the keyword of a keyword_argument node.
func (e Editor) RenameKeyword(kw *Node, name string) TextEdit {
	return e.Replace(kw.Child("name"), name)
}

// RemoveStatement deletes a statement with its line (and a comment on it),
// or leaves `pass` where deleting would empty a block or the line holds
// other code.
func (e Editor) RemoveStatement(stmt *Node) TextEdit {
	if parent := stmt.Parent; parent != nil && parent.Type() == "block" {
		statements := 0
		for _, ch := range parent.NamedChildren() {
			if ch.Type() != "comment" {
				statements++
			}
		}
		if statements == 1 {
			return e.Replace(stmt, "pass")
		}
	}
	if start, end, ok := e.wholeLines(stmt.Start(), stmt.End(), ""); ok {
		return e.span(start, end, "")
	}
	return e.Replace(stmt, "pass")
}

// ImportEntries returns the entries (dotted_name or aliased_import) of an
// import statement, in order.
func ImportEntries(stmt *Node) []*Node {
	var names []*Node
	for _, ch := range stmt.Children() {
		if ch.Field() == "name" {
			names = append(names, ch)
		}
	}
	return names
}

// RemoveImportEntry deletes entry i of an import statement, with the
// comma next to it, or the whole statement when it is the only one.
func (e Editor) RemoveImportEntry(stmt *Node, i int) TextEdit {
	names := ImportEntries(stmt)
	c := e.Cell
	switch {
	case len(names) == 1:
		return e.RemoveStatement(stmt)
	case i > 0 && i == len(names)-1 && c.LineStart(names[i].Start()) != c.LineStart(names[i-1].End()):
		// The last name of a parenthesised list, on its own line: drop
		// the line, so the previous name keeps its comma and comment.
		if start, end, ok := e.wholeLines(names[i].Start(), names[i].End(), ","); ok {
			return e.span(start, end, "")
		}
		fallthrough
	case i > 0:
		return e.span(names[i-1].End(), names[i].End(), "")
	}
	return e.span(names[0].Start(), names[1].Start(), "")
}

// SplitImport rewrites `from old import a, b, c` as two statements on
// consecutive lines at the statement's indentation: first a from-import of
// first (entries as written) from firstModule, then one of second from
// secondModule. An empty list leaves its statement out.
func (e Editor) SplitImport(stmt *Node, firstModule string, first []string, secondModule string, second []string) TextEdit {
	var lines []string
	if len(first) > 0 {
		lines = append(lines, "from "+firstModule+" import "+strings.Join(first, ", "))
	}
	if len(second) > 0 {
		lines = append(lines, "from "+secondModule+" import "+strings.Join(second, ", "))
	}
	return e.ReplaceStatement(stmt, lines...)
}

// ReplaceStatement replaces stmt with statements, one per line at stmt's
// indentation.
func (e Editor) ReplaceStatement(stmt *Node, statements ...string) TextEdit {
	indent := strings.Repeat(" ", stmt.Start()-e.Cell.LineStart(stmt.Start()))
	return e.Replace(stmt, strings.Join(statements, "\n"+indent))
}

// wholeLines extends [start, end) of the cell to whole lines when nothing
// but blanks precedes it on its first line and nothing but blanks, an
// optional separator and a comment follows it on its last line.
func (e Editor) wholeLines(start, end int, separator string) (int, int, bool) {
	c := e.Cell
	src := c.Masked
	lineStart := c.LineStart(start)
	lineEnd := len(src)
	if nl := strings.IndexByte(src[end:], '\n'); nl >= 0 {
		lineEnd = end + nl + 1
	}
	rest := strings.TrimSpace(src[end:lineEnd])
	if separator != "" {
		rest = strings.TrimSpace(strings.TrimPrefix(rest, separator))
	}
	if strings.TrimSpace(src[lineStart:start]) != "" || (rest != "" && !strings.HasPrefix(rest, "#")) {
		return 0, 0, false
	}
	return lineStart, lineEnd, true
}

// OneLine collapses whitespace, so source shown in a message stays on one
// line.
func OneLine(s string) string {
	if joinedAsIs(s, ' ') {
		return s // most text already is: no need to split and join it
	}
	return strings.Join(strings.Fields(s), " ")
}

// joinedAsIs reports whether s is its parts between sep and white space
// (as strings.Fields sees it), none empty, joined with sep: what OneLine
// and dotted make of s is then s itself.
func joinedAsIs(s string, sep rune) bool {
	afterSep := true // at the start, as after sep: a leading one is dropped
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		space := r == ' ' || '\t' <= r && r <= '\r' // unicode.IsSpace, for ASCII
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
			space = unicode.IsSpace(r)
		}
		switch {
		case r == sep:
			if afterSep {
				return false
			}
			afterSep = true
		case space:
			return false
		default:
			afterSep = false
		}
		i += size
	}
	return !afterSep || s == ""
}

// Dotted returns the text of a dotted name or attribute chain of the
// pass's cell without blanks ("tensorflow . keras" → "tensorflow.keras").
func (p *Pass) Dotted(n *Node) string { return dotted(p.Text(n)) }

// ChainRoot returns the leftmost object of an attribute chain (tf for
// tf.keras.layers.Dense), or n itself.
func ChainRoot(n *Node) *Node {
	for n.Type() == "attribute" {
		n = n.Child("object")
	}
	return n
}

// NonComments returns list without comment nodes.
func NonComments(list []*Node) []*Node { return nonComments(list) }

// BlankLinesBefore returns the newlines that put two blank lines between
// the code before offset at of cell c and a definition inserted there.
func BlankLinesBefore(c *Cell, at int) string {
	before := c.Masked[:at]
	if strings.TrimSpace(before) == "" {
		return ""
	}
	return strings.Repeat("\n", max(0, 3-(len(before)-len(strings.TrimRight(before, "\n")))))
}

// PythonIdentifier turns a name into a Python identifier ("mean
// activation" → "mean_activation"), or "" when it has no letters.
func PythonIdentifier(name string) string {
	var b strings.Builder
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r == '_', r >= '0' && r <= '9' && b.Len() > 0:
			b.WriteRune(r)
		case b.Len() > 0:
			b.WriteByte('_')
		}
	}
	return strings.Trim(b.String(), "_")
}
