package kernel

import "github.com/gokmig/gokmig/cellfix"

// Checker is the rule engine as the kernel uses it: one per kernel session,
// fed every executed cell so that later cells are checked in context.
// *cellfix.Session implements it.
type Checker interface {
	SetTarget(cellfix.Target)
	Target() cellfix.Target
	// Check returns the findings for code as the next cell.
	Check(code string) []cellfix.Finding
	// Fix applies safe fixes to code; applied findings have Fixed set.
	Fix(code string) (string, []cellfix.Finding)
	// Record appends code that ran to the session's history.
	Record(code string)
	// LastError reports why the latest Check or Fix failed, which then
	// returned no findings and the code unchanged; nil after a success.
	LastError() error
}
