package cellfix

// Finding is a Diagnostic resolved against its document: the form that the
// CLI prints (as text or JSON) and the kernel shows under a cell.
type Finding struct {
	// Cell is the 0-based index of the cell in the document's cell list, or
	// nil for a plain script.
	Cell *int `json:"cell"`
	// Line and Column are 1-based and relative to the cell; columns count
	// characters, not bytes.
	Line      int         `json:"line"`
	Column    int         `json:"column"`
	EndLine   int         `json:"end_line"`
	EndColumn int         `json:"end_column"`
	Rule      string      `json:"rule"`
	Code      string      `json:"code"`
	Message   string      `json:"message"`
	Fix       *FixSummary `json:"fix"`
	// Fixed is true when the fix was applied.
	Fixed bool `json:"fixed"`
}

// FixSummary describes a fix for people and tools reading a report.
type FixSummary struct {
	Safety string `json:"safety"`
	Title  string `json:"title"`
	// Text is the replacement source of the flagged region (the lines it
	// spans, after the fix), so a reader can see the fixed code.
	Text string `json:"text"`
	// Visible is Fix.Visible: what the program can see change.
	Visible string `json:"visible,omitempty"`
}
