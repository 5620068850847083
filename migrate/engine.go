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
	// CellID is the cell's nbformat 4.5 id; nil for a script or a cell
	// without one.
	CellID *string `json:"cell_id"`
	// ExecutionCount is the cell's execution_count; nil when it never ran.
	ExecutionCount *int `json:"execution_count"`
}

// locate places an engine finding in f.
func (f *File) locate(cf cellfix.Finding) Finding {
	out := Finding{Path: f.Path, Finding: cf}
	if cf.Cell != nil {
		index := *cf.Cell
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

// CheckFile runs the rules over f and reports what they find.
func CheckFile(f *File, opts cellfix.Options) (*Outcome, error) {
	out := &Outcome{File: f}
	if f.Skipped != "" {
		return out, nil
	}
	doc, err := f.document()
	if err != nil {
		return nil, err
	}
	for _, d := range cellfix.Check(doc, f.suppressing(opts)) {
		out.Findings = append(out.Findings, f.locate(doc.Find(d)))
	}
	sortFindings(out.Findings)
	return out, nil
}

// FixFile applies every fix the options allow to f, in memory, touching
// only the cells whose source changes. f.Bytes() then gives the new file.
func FixFile(f *File, opts cellfix.Options) (*Outcome, error) {
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
		out.Findings = append(out.Findings, f.locate(a))
	}
	for _, d := range res.Remaining {
		out.Findings = append(out.Findings, f.locate(res.Doc.Find(d)))
	}
	for _, r := range res.Rejected {
		out.Rejected = append(out.Rejected, f.locate(r))
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
