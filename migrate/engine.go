package migrate

import (
	"fmt"
	"sort"

	"github.com/gokmig/gokmig/cellfix"
)

// Finding is a cellfix.Finding located in a file: the unit of every report.
// Its Cell counts from 1, over all the notebook's cells (markdown
// included), as Ruff numbers them.
type Finding struct {
	Path string `json:"path"`
	cellfix.Finding
	// Fix stands in for cellfix.Finding's, adding the fix's edits.
	Fix *Fix `json:"fix"`
	// CellID is the cell's nbformat 4.5 id; nil for a script or a cell
	// without one.
	CellID *string `json:"cell_id"`
	// ExecutionCount is the cell's execution_count; nil when it never ran.
	ExecutionCount *int `json:"execution_count"`
}

// number gives a finding of f its cell's number, counted from 1, and the
// cell's id and execution count.
func (f *File) number(out Finding) Finding {
	if out.Cell != nil {
		index := *out.Cell
		number := index + 1
		out.Cell = &number
		meta := f.cell(index)
		out.CellID, out.ExecutionCount = meta.ID, meta.ExecutionCount
	}
	return out
}

// suppressing returns opts with f's suppressions added: per-file ignores,
// cell tags and noqa comments. The engine drops suppressed diagnostics
// before fixing, so a suppressed finding is neither reported nor fixed.
func (f *File) suppressing(opts cellfix.Options) cellfix.Options {
	s := suppression{file: f.ignored, cells: map[int][]string{}}
	for i, c := range f.cells {
		if len(c.Metadata.Tags) > 0 {
			s.cells[i] = c.Metadata.Tags
		}
	}
	outer := opts.Suppress
	opts.Suppress = func(c *cellfix.Cell, d cellfix.Diagnostic) bool {
		return (outer != nil && outer(c, d)) || s.suppressed(c, d)
	}
	return opts
}

// Outcome is what checking or fixing one file found.
type Outcome struct {
	File *File
	// Findings are the problems found, in cell and line order. After
	// fixing, they are the applied fixes (Fixed set) and what remains.
	Findings []Finding
	// Rejected are fixes dropped because they would have broken the syntax
	// of their cell; their findings are among the remaining ones.
	Rejected []Finding
	// Changes are the cells whose source the fixes changed.
	Changes []cellChange
}

// Remaining counts the findings that were not fixed.
func (o *Outcome) Remaining() int {
	n := 0
	for _, f := range o.Findings {
		if !f.Fixed {
			n++
		}
	}
	return n
}

// Fixed counts the findings that were fixed.
func (o *Outcome) Fixed() int { return len(o.Findings) - o.Remaining() }

// CheckFile runs the rules over f and reports what they find, each fix with
// its edits.
func CheckFile(f *File, opts cellfix.Options) (*Outcome, error) { return checkFile(f, opts, true) }

// checkFile is CheckFile, working the fixes' edits out only withEdits: that
// applies each fix alone, which only the JSON reports need.
func checkFile(f *File, opts cellfix.Options, withEdits bool) (*Outcome, error) {
	out := &Outcome{File: f}
	if f.Skipped != "" {
		return out, nil
	}
	doc, err := f.document()
	if err != nil {
		return nil, err
	}
	diags, err := cellfix.Check(doc, f.suppressing(opts))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Path, err)
	}
	if !withEdits {
		// Drop the trees before the findings are made, which then reuse
		// their memory instead of adding to it.
		doc = doc.Located()
	}
	for _, d := range diags {
		out.Findings = append(out.Findings, f.number(findingIn(f.Path, doc, d, withEdits)))
	}
	sortFindings(out.Findings)
	return out, nil
}

// FixFile applies every fix the options allow to f, in memory, touching
// only the cells whose source changes. f.Bytes() then gives the new file.
// The remaining findings' fixes carry their edits.
func FixFile(f *File, opts cellfix.Options) (*Outcome, error) { return fixFile(f, opts, true) }

// fixFile is FixFile, working the remaining fixes' edits out only withEdits.
func fixFile(f *File, opts cellfix.Options, withEdits bool) (*Outcome, error) {
	out := &Outcome{File: f}
	if f.Skipped != "" {
		return out, nil
	}
	doc, err := f.document()
	if err != nil {
		return nil, err
	}
	res, err := cellfix.FixDocument(doc, f.suppressing(opts))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Path, err)
	}
	if out.Changes, err = f.apply(res.Doc.Sources()); err != nil {
		return nil, err
	}
	for _, a := range res.Applied {
		out.Findings = append(out.Findings, f.number(newFinding(f.Path, a, nil)))
	}
	for _, d := range res.Remaining {
		out.Findings = append(out.Findings, f.number(findingIn(f.Path, res.Doc, d, withEdits)))
	}
	for _, r := range res.Rejected {
		out.Rejected = append(out.Rejected, f.number(newFinding(f.Path, r, nil)))
	}
	// Applied positions refer to the text as it was when each fix ran, which
	// for most fixes is the original; ordering both lists together by cell
	// and line reads best, applied ones first where they tie.
	sortFindings(out.Findings)
	return out, nil
}

func sortFindings(fs []Finding) {
	cell := func(f Finding) int {
		if f.Cell == nil {
			return -1
		}
		return *f.Cell
	}
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if cell(a) != cell(b) {
			return cell(a) < cell(b)
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
}

// document parses f's code for the engine.
func (f *File) document() (*cellfix.Document, error) {
	doc, err := cellfix.NewDocument(f.sources(), !f.IsNotebook())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Path, err)
	}
	return doc, nil
}
