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
// that, the notebook keeps the Keras 2 code while its outputs come from
// code that appears nowhere. So when fixes change a cell, the
// execute_reply asks the frontend to put the fixed code in the cell (a
// set_next_input payload with replace set). JupyterLab and Notebook 7
// honour it only when the cell ran without error (cellexecutor.ts, runCell
// handles payloads of an "ok" reply only): a cell that raises keeps the
// text the user wrote. So that its traceback points at that text, the
// code that runs is the fixed code laid out on the lines of the original
// (cellfix.LinePreserving: "import keras; x = 1" where an import was
// added), when Python allows it; the cell gets the fixed code as convert
// writes it. The notice shows the whole cell before and after, numbered
// as the cell will read once replaced; when the cell raises it is updated
// to say that the cell kept its text and to number what ran on each line
// as the traceback does.

// cellChange is fix mode's before and after of one cell.
type cellChange struct {
	Before string `json:"before"` // as the user wrote it
	After  string `json:"after"`  // as the cell reads once it ran without error
	// Ran is the code that ran: After laid out on Before's lines when
	// Preserved, else After itself.
	Ran       string `json:"ran"`
	Preserved bool   `json:"lines_preserved"`
	// Prelude holds imports and definitions the fixes added that no line
	// of Before can hold; they ran first, on their own (a silent
	// execution), so that Ran keeps Before's lines; "" for none.
	Prelude string `json:"prelude"`
	// Kept is set once the cell raised: the frontend kept Before.
	Kept bool `json:"kept"`
	// Lines is the whole cell as a line diff: every line of After in order,
	// with the lines of Before that the fixes removed where they stood.
	Lines []changeLine `json:"-"`
	// RanLines is Before against Ran, numbered as tracebacks count lines.
	RanLines []changeLine `json:"-"`
	// lineOf maps a line of After (from 0) to the line of Ran that holds it.
	lineOf []int
}

// changeLine is one line of a cellChange.
type changeLine struct {
	// Op is ' ' for a line both texts have, '-' for one only the first
	// has, '+' for one only the second has.
	Op byte
	// Line numbers the line in the text it is shown for; 0 for none.
	Line int
	Text string
}

// newFixChange is the change of a cell that fix mode rewrites. before and
// after are the cell as written and as fixed (with %gokmig lines, which
// the frontend gets back); ranFrom and fixed are the same two as the rule
// engine saw them (those lines commented out). It lays out the code to
// run (change.Ran) on the lines of the original when it can.
func newFixChange(before, after, ranFrom, fixed string) *cellChange {
	c := newCellChange(before, after)
	l := cellfix.LinePreserving(ranFrom, fixed)
	c.Ran, c.Prelude, c.Preserved, c.lineOf = l.Run, l.Prelude, l.Preserved, l.LineOf
	if !l.Preserved {
		c.RanLines = c.Lines
		return c
	}
	// Ran is numbered like Before: each line is shown with its number in
	// both. The prelude went first, unnumbered.
	for p := 0; p < len(l.Prelude); {
		text, next := lineAt(l.Prelude, p)
		c.RanLines = append(c.RanLines, changeLine{Op: '+', Text: text})
		p = next
	}
	c.RanLines = append(c.RanLines, diffLines(before, restoreRanMagics(l.Run, before, ranFrom), true)...)
	return c
}

// restoreRanMagics shows the %gokmig lines of before in the code that ran
// where that code keeps them as the comments they ran as: line for line,
// as lines are preserved.
func restoreRanMagics(run, before, ranFrom string) string {
	if before == ranFrom {
		return run
	}
	b, r, ran := strings.Split(before, "\n"), strings.Split(ranFrom, "\n"), strings.Split(run, "\n")
	for i := range ran {
		if i < len(b) && i < len(r) && b[i] != r[i] && ran[i] == r[i] {
			ran[i] = b[i]
		}
	}
	return strings.Join(ran, "\n")
}

// ranLine is the line of the code that ran holding line n (from 1) of
// After; n itself when lines were not preserved.
func (c *cellChange) ranLine(n int) int {
	if c == nil || !c.Preserved || n < 1 || n > len(c.lineOf) {
		return n
	}
	return c.lineOf[n-1]
}

// newCellChange diffs a cell before and after its fixes, line by line,
// numbered as After reads.
func newCellChange(before, after string) *cellChange {
	return &cellChange{Before: before, After: after, Ran: after, Lines: diffLines(before, after, false)}
}

// diffLines is the line diff of two texts: every line of after in order,
// numbered, with the lines of before that it lacks where they stood, which
// are numbered too (as lines of before) when numberBoth is set.
func diffLines(before, after string, numberBoth bool) []changeLine {
	var out []changeLine
	pos, line, oldLine := 0, 0, 0
	keep := func(upto int) {
		for pos < upto {
			text, next := lineAt(before, pos)
			line++
			oldLine++
			out = append(out, changeLine{Op: ' ', Line: line, Text: text})
			pos = next
		}
	}
	// udiff.Lines gives edits of whole lines of before, in order.
	for _, e := range udiff.Lines(before, after) {
		keep(e.Start)
		for p := e.Start; p < e.End; {
			text, next := lineAt(before, p)
			oldLine++
			l := changeLine{Op: '-', Text: text}
			if numberBoth {
				l.Line = oldLine
			}
			out = append(out, l)
			p = next
		}
		for p := 0; p < len(e.New); {
			text, next := lineAt(e.New, p)
			line++
			out = append(out, changeLine{Op: '+', Line: line, Text: text})
			p = next
		}
		pos = e.End
	}
	keep(len(before))
	return out
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

// kept returns the change and findings as they read once the cell raised
// and kept its text: findings numbered as the code that ran.
func (c *cellChange) kept(findings []cellfix.Finding) (*cellChange, []cellfix.Finding) {
	k := *c
	k.Kept = true
	out := make([]cellfix.Finding, len(findings))
	for i, f := range findings {
		f.Line, f.EndLine = c.ranLine(f.Line), c.ranLine(f.EndLine)
		out[i] = f
	}
	return &k, out
}

// changeTitle introduces the cell's before and after in fix mode, while it
// runs or once it ran without error.
const changeTitle = "The cell with its fixes, which replace its code once it runs without error (numbered as it then reads; - removed, + added)"

// keptTitle introduces it once the cell raised: JupyterLab and Notebook 7
// then keep the cell's text (they apply set_next_input to a reply whose
// status is ok only). With lines preserved, the traceback counts the lines
// of that text; without, the lines of what ran.
func (c *cellChange) keptTitle() string {
	if c.Preserved && c.Prelude != "" {
		return "The cell raised, so it keeps your code: the fixes do not replace it. The fixed code ran on your code's lines, after the imports and definitions the fixes added (unnumbered), which ran first on their own; the traceback's line numbers are those of your cell. What ran on each line (- your code, + what ran)"
	}
	if c.Preserved {
		return "The cell raised, so it keeps your code: the fixes do not replace it. The fixed code ran on your code's lines, and the traceback's line numbers are those of your cell. What ran on each line (- your code, + what ran)"
	}
	return "The cell raised, so it keeps your code: the fixes do not replace it. The fixed code could not run on your code's lines, so the traceback counts the lines of the code that ran, numbered here (- your code, + what ran)"
}

// changeShown is the cell's before and after as the notice shows it, one
// line each ("  3 + code", "    - code"), clipped like the converted cell:
// once the cell raised, numbered as what ran.
func (n *notice) changeShown() string {
	lines := n.Change.Lines
	if n.Change.Kept {
		lines = n.Change.RanLines
	}
	var b strings.Builder
	for i, l := range lines {
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
