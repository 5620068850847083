package cellfix

import "sync"

// Session analyses cells as a kernel executes them: each new cell is
// checked in the context of every cell recorded before it, and fixes may
// only touch the new cell, since the earlier ones have already run.
//
// Recorded cells are parsed and analysed once, when recorded: the model
// and the incremental facts (the Keras analysis, the TensorFlow-on-purpose
// scopes) grow by one cell, and a check extends them by its cell without
// changing them, so a check does not cost more as the history grows
// (BenchmarkSessionCheck).
type Session struct {
	mu    sync.Mutex
	rules []*Rule
	// history holds the recorded cells, laid out as in a document, and
	// doc is their document, whose model and facts each check extends by
	// one cell.
	history []*Cell
	doc     *Document
	cache   *parseCache
	// version is the Keras release the checked code will run on.
	version KerasVersion
}

// NewSession returns a session running rules.
func NewSession(rules []*Rule) *Session {
	return &Session{rules: rules, cache: newParseCache()}
}

// SetKerasVersion sets the Keras release the session's cells will run on
// (zero: LatestKeras), which decides the findings about problems that
// some Keras release fixed.
func (s *Session) SetKerasVersion(v KerasVersion) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.version = v
}

// Record appends executed code to the session's history.
func (s *Session) Record(code string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.cell(code)
	if err != nil {
		// tree-sitter parses anything; should it ever fail, the cell still
		// counts, as code that binds nothing.
		c = &Cell{Index: len(s.history), Text: code, Offset: s.nextOffset(), Skip: true, lineStarts: []int{0}}
	}
	s.history = append(s.history, c)
	// The history keeps its own cells; the cache only has to serve one
	// check and the record that follows it, so it starts afresh here rather
	// than keep every cell text the kernel ever checked.
	s.cache = newParseCache()
	doc := &Document{Cells: s.history, cache: s.cache, history: s.doc, grows: true}
	doc.model = extendModel(doc, s.doc.modelOrNil())
	computeIncrementalFacts(doc) // now, while its history is at hand
	doc.history = nil            // keep no chain of earlier documents alive
	s.doc = doc
}

// Check returns the findings for code as the next cell, for target. The
// error reports an engine failure, with no findings, or a rule that broke
// its contract, with the findings (see the package function Check).
func (s *Session) Check(code string, target Target) ([]Finding, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	doc, err := s.document(code)
	if err != nil {
		return nil, err
	}
	diags, err := Check(doc, s.options(target))
	var out []Finding
	for _, d := range diags {
		if doc.cellAt(d.Start) == doc.Cells[len(doc.Cells)-1] {
			out = append(out, detach(doc.Find(d)))
		}
	}
	return out, err
}

// Fix applies the safe fixes for target to code and returns the new code
// with the applied findings (Fixed set) followed by those that remain. On
// an engine failure it returns code unchanged, no findings and the error.
func (s *Session) Fix(code string, target Target) (string, []Finding, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	doc, err := s.document(code)
	if err != nil {
		return code, nil, err
	}
	res, err := FixDocument(doc, s.options(target))
	if err != nil {
		return code, nil, err
	}
	last := len(res.Doc.Cells) - 1
	var out []Finding
	// The cell is replaced by the fixed text, so the applied fixes are
	// placed in it, like the findings that remain.
	for _, f := range res.AppliedInFixed() {
		out = append(out, detach(f))
	}
	for _, d := range res.Remaining {
		if res.Doc.cellAt(d.Start) == res.Doc.Cells[last] {
			out = append(out, detach(res.Doc.Find(d)))
		}
	}
	return res.Doc.Cells[last].Text, out, nil
}

func (s *Session) options(target Target) Options {
	return Options{Target: target, KerasVersion: s.version, Rules: s.rules, Suppress: Noqa}
}

// cell parses code as the cell after the history.
func (s *Session) cell(code string) (*Cell, error) {
	return s.cache.parse(len(s.history), code, s.nextOffset())
}

// nextOffset is the document offset of the cell after the history; cells
// are separated by one virtual byte.
func (s *Session) nextOffset() int {
	if len(s.history) == 0 {
		return 0
	}
	return s.history[len(s.history)-1].End() + 1
}

// document is the history followed by code, which alone is editable.
func (s *Session) document(code string) (*Document, error) {
	c, err := s.cell(code)
	if err != nil {
		return nil, err
	}
	// Into history's spare capacity, as extendModel does: one check at a
	// time, under the lock.
	cells := append(s.history, c)
	doc := &Document{Cells: cells, cache: s.cache, FirstEditable: len(cells) - 1, history: s.doc}
	doc.model = extendModel(doc, s.doc.modelOrNil())
	return doc, nil
}

// detach drops the cell index: in a kernel, lines are relative to the
// cell being run.
func detach(f Finding) Finding {
	f.Cell = nil
	return f
}
