package kernel

import (
	"fmt"

	"github.com/gokmig/gokmig/cellfix"
)

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
}

// Mode says what the kernel does with findings.
type Mode string

const (
	// ModeWarn shows findings under the cell and runs the cell unchanged.
	ModeWarn Mode = "warn"
	// ModeFix applies safe fixes before the cell runs and shows what changed.
	ModeFix Mode = "fix"
	// ModeOff neither checks nor shows anything.
	ModeOff Mode = "off"
)

// ParseMode validates a --mode value.
func ParseMode(s string) (Mode, error) {
	switch Mode(s) {
	case ModeWarn, ModeFix, ModeOff:
		return Mode(s), nil
	}
	return "", fmt.Errorf("unknown mode %q (want warn, fix or off)", s)
}

// Version is the gokmig version reported in kernel_info_reply.
var Version = "0.1.0-dev"
