package kernel

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/aymanbagabas/go-udiff"

	"github.com/gokmig/gokmig/cellfix"
	"github.com/gokmig/gokmig/kernel/wire"
)

// In fix mode the code that runs is not the code in the notebook. Left at
// that, the notebook keeps the Keras 2 code while its outputs, and the
// line numbers of its tracebacks, come from code that appears nowhere. So
// when fixes change a cell, the execute_reply asks the frontend to put the
// code that ran in the cell (a set_next_input payload with replace set,
// which JupyterLab and Notebook 7 honour when the cell ran without error),
// and the notice shows the whole cell before and after, numbered as the
// code that ran reads.

// cellChange is fix mode's before and after of one cell.
type cellChange struct {
	Before string `json:"before"` // as the user wrote it
	After  string `json:"after"`  // as it ran, and as the cell now reads
	// Lines is the whole cell as a line diff: every line of After in order,
	// with the lines of Before that the fixes removed where they stood.
	Lines []changeLine `json:"-"`
}

// changeLine is one line of a cellChange.
type changeLine struct {
	// Op is ' ' for a line both texts have, '-' for one only Before has,
	// '+' for one only After has.
	Op byte
	// Line numbers the line in After, as the cell now reads and as
	// tracebacks count; 0 for a removed line.
	Line int
	Text string
}

// newCellChange diffs a cell before and after its fixes, line by line.
func newCellChange(before, after string) *cellChange {
	c := &cellChange{Before: before, After: after}
	pos, line := 0, 0
	keep := func(upto int) {
		for pos < upto {
			text, next := lineAt(before, pos)
			line++
			c.Lines = append(c.Lines, changeLine{Op: ' ', Line: line, Text: text})
			pos = next
		}
	}
	// udiff.Lines gives edits of whole lines of before, in order.
	for _, e := range udiff.Lines(before, after) {
		keep(e.Start)
		for p := e.Start; p < e.End; {
			text, next := lineAt(before, p)
			c.Lines = append(c.Lines, changeLine{Op: '-', Text: text})
			p = next
		}
		for p := 0; p < len(e.New); {
			text, next := lineAt(e.New, p)
			line++
			c.Lines = append(c.Lines, changeLine{Op: '+', Line: line, Text: text})
			p = next
		}
		pos = e.End
	}
	keep(len(before))
	return c
}

// lineAt returns the line of s starting at p, without its newline, and
// where the next line starts.
func lineAt(s string, p int) (string, int) {
	end := strings.IndexByte(s[p:], '\n')
	if end < 0 {
		return s[p:], len(s)
	}
	return s[p : p+end], p + end + 1
}

// restoreMagics puts back the %gokmig lines that applyMagics turned into
// comments, so that the cell the frontend gets back still switches modes
// when run again. Fixes keep those comments and their lines as they are.
func restoreMagics(fixed string, magicLines []string) string {
	if len(magicLines) == 0 {
		return fixed
	}
	lines := strings.Split(fixed, "\n")
	next := 0
	for i, l := range lines {
		if next < len(magicLines) && l == "# "+magicLines[next] {
			lines[i] = magicLines[next]
			next++
		}
	}
	return strings.Join(lines, "\n")
}

// setNextInput is the execute_reply payload that replaces the cell's code.
type setNextInput struct {
	Source  string `json:"source"`
	Text    string `json:"text"`
	Replace bool   `json:"replace"`
}

// withCellReplaced returns an execute_reply that also asks the frontend to
// replace the cell's code with text, signed again; m itself if the reply
// is not one to change (aborted: the code never ran) or cannot be decoded.
// The header stays: the reply answers the same request, and its new
// content gives it a new signature.
func (k *Kernel) withCellReplaced(m *wire.Message, text string) *wire.Message {
	content, err := wire.Fields(m.Content)
	if err != nil {
		return m
	}
	var status string
	json.Unmarshal(content["status"], &status)
	if status == "aborted" {
		return m
	}
	var payload []json.RawMessage
	if raw, ok := content["payload"]; ok && json.Unmarshal(raw, &payload) != nil {
		return m
	}
	// A set_next_input of the user's own (IPython's %load, say) would be
	// applied after ours and undo it: the cell then shows what the user
	// asked for, and ours is left out.
	for _, p := range payload {
		var s struct {
			Source string `json:"source"`
		}
		if json.Unmarshal(p, &s) == nil && s.Source == "set_next_input" {
			return m
		}
	}
	ours, err := encodeJSON(setNextInput{Source: "set_next_input", Text: text, Replace: true})
	if err != nil {
		return m
	}
	if content["payload"], err = encodeJSON(append(payload, ours)); err != nil {
		return m
	}
	body, err := encodeJSON(content)
	if err != nil {
		return m
	}
	out := *m
	out.Content = body
	k.signer.Sign(&out)
	return &out
}

// requestCell reads the cell id JupyterLab puts in an execute_request's
// metadata ("cellId"); "" when the frontend sends none.
func requestCell(metadata []byte) string {
	var md struct {
		CellID string `json:"cellId"`
	}
	if len(metadata) == 0 || json.Unmarshal(metadata, &md) != nil {
		return ""
	}
	return md.CellID
}

// inputCount reads execute_input's execution_count; 0 if it has none.
func inputCount(content []byte) int {
	var c struct {
		Count int `json:"execution_count"`
	}
	json.Unmarshal(content, &c)
	return c.Count
}

// changeTitle introduces the cell's before and after in fix mode. A cell
// that fails keeps its text in JupyterLab, which applies set_next_input
// only to a reply whose status is ok (cellexecutor.ts, runCell): the lines
// here, numbered as tracebacks count them, are then the way to read one.
const changeTitle = "The code that ran, which replaces the cell's code once it runs without error (numbered as tracebacks count lines; - removed, + added)"

// changeShown is the cell's before and after as the notice shows it, one
// line each ("  3 + code", "    - code"), clipped like the converted cell.
func (n *notice) changeShown() string {
	var b strings.Builder
	for i, l := range n.Change.Lines {
		if i == maxConvertedLines {
			b.WriteString("  …\n")
			break
		}
		num := ""
		if l.Line > 0 {
			num = strconv.Itoa(l.Line)
		}
		fmt.Fprintf(&b, "%4s %c %s\n", num, l.Op, clip(l.Text, maxFixLineBytes))
	}
	return b.String()
}

// withoutFixTexts drops the excerpt of each applied fix. Fixes are applied
// in rounds, and an excerpt shows its lines after its own round only (an
// import half rewritten, say), which is not what ran; the cell's before
// and after shows that. Titles stay: they say what each fix did.
func withoutFixTexts(findings []cellfix.Finding) []cellfix.Finding {
	out := make([]cellfix.Finding, len(findings))
	for i, f := range findings {
		if f.Fixed && f.Fix != nil {
			fix := *f.Fix
			fix.Text = ""
			f.Fix = &fix
		}
		out[i] = f
	}
	return out
}
