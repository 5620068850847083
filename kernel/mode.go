package kernel

import "fmt"

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
