package kernel

import "github.com/gokmig/gokmig/cellfix"

// Checker is the rule engine as the kernel uses it: one per kernel session,
// fed every executed cell so that later cells are checked in context.
// *cellfix.Session implements it. On failure, Check and Fix return the
// error with no findings and the code unchanged.
type Checker interface {
	// Check returns the findings for code as the next cell.
	Check(code string, target cellfix.Target) ([]cellfix.Finding, error)
	// Fix applies safe fixes to code; applied findings have Fixed set.
	Fix(code string, target cellfix.Target) (string, []cellfix.Finding, error)
	// Record appends code that ran to the session's history.
	Record(code string)
}
