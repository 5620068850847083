package cellfix

import "sync"

// Session analyses cells as a kernel executes them: each new cell is
// checked in the context of every cell recorded before it, and fixes may
// only touch the new cell, since the earlier ones have already run.
type Session struct {
	mu      sync.Mutex
	rules   []*Rule
	target  Target
	history []Source
	cache   *parseCache
	// lastErr is the engine's failure on the latest Check or Fix, which
	// then report nothing rather than stop the cell from running.
	lastErr error
}

// NewSession returns a session running rules for target.
func NewSession(rules []*Rule, target Target) *Session {
	return &Session{rules: rules, target: target, cache: newParseCache()}
}

// Target returns the session's target.
func (s *Session) Target() Target {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.target
}

// SetTarget switches the target for later cells.
func (s *Session) SetTarget(t Target) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.target = t
}

// Record appends executed code to the session's history.
func (s *Session) Record(code string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.history = append(s.history, Source{Index: len(s.history), Text: code})
}

// Check returns the findings for code as the next cell.
func (s *Session) Check(code string) []Finding {
	s.mu.Lock()
	defer s.mu.Unlock()
	doc, err := s.document(code)
	s.lastErr = err
	if err != nil {
		return nil
	}
	var out []Finding
	for _, d := range Check(doc, s.options()) {
		if doc.cellAt(d.Start) == doc.Cells[len(doc.Cells)-1] {
			out = append(out, s.detach(doc.Find(d)))
		}
	}
	return out
}

// Fix applies the safe fixes to code and returns the new code with the
// applied findings (Fixed set) followed by those that remain.
func (s *Session) Fix(code string) (string, []Finding) {
	s.mu.Lock()
	defer s.mu.Unlock()
	doc, err := s.document(code)
	if err == nil {
		var res *FixResult
		if res, err = FixDocument(doc, s.options()); err == nil {
			s.lastErr = nil
			return s.fixed(res)
		}
	}
	s.lastErr = err
	return code, nil
}

// LastError returns why the latest Check or Fix found nothing to say, if
// the engine failed; nil after a successful run.
func (s *Session) LastError() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastErr
}

func (s *Session) fixed(res *FixResult) (string, []Finding) {
	last := len(res.Doc.Cells) - 1
	var out []Finding
	for _, f := range res.Applied {
		out = append(out, s.detach(f))
	}
	for _, d := range res.Remaining {
		if res.Doc.cellAt(d.Start) == res.Doc.Cells[last] {
			out = append(out, s.detach(res.Doc.Find(d)))
		}
	}
	return res.Doc.Cells[last].Text, out
}

func (s *Session) options() Options { return Options{Target: s.target, Rules: s.rules, Suppress: Noqa} }

func (s *Session) document(code string) (*Document, error) {
	sources := append(append([]Source(nil), s.history...), Source{Index: len(s.history), Text: code})
	doc, err := newDocument(sources, false, s.cache)
	if err != nil {
		return nil, err
	}
	doc.FirstEditable = len(sources) - 1
	return doc, nil
}

// detach drops the cell index: in a kernel, lines are relative to the
// cell being run.
func (s *Session) detach(f Finding) Finding {
	f.Cell = nil
	return f
}
