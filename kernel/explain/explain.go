// Package explain holds the runtime explanations: signatures of the errors
// Keras 3 raises on Keras 2 code, each with what changed, the fix and the
// rule that documents it. The kernel shows one under a cell whose error
// matches, whether or not the static rules flagged the cell: many of these
// failures (a path's suffix, an argument's name held in a variable) are
// only certain once the code runs.
//
// The signatures are data (signatures.json, decoded by codec.go); this file
// matches errors against them.
package explain

import (
	"regexp"
	"strings"
)

// Signature recognises one Keras 3 failure and explains it.
type Signature struct {
	// ID names the signature in tests and metadata ("save-extension").
	ID string
	// Enames are the exception class names it applies to (ValueError).
	Enames []string
	// Evalue must match the exception's message.
	Evalue *regexp.Regexp
	// Traceback, when set, must also match the traceback (colour codes
	// removed), for messages too generic on their own.
	Traceback *regexp.Regexp
	// Rule is the name of the rule whose documentation says more
	// (`gokmig-kernel rules NAME`), "" when no rule covers it.
	Rule string
	// Changed says what Keras 3 changed; Fix says what to write instead.
	Changed, Fix string
}

// Error is a cell's exception as a Jupyter `error` message carries it.
type Error struct {
	Ename     string   `json:"ename"`
	Evalue    string   `json:"evalue"`
	Traceback []string `json:"traceback"`
}

// maxMatched bounds the text a match reads: the messages recognised here
// say what they are in their first lines, and a huge message (a tensor's
// repr) must not cost the IOPub path.
const maxMatched = 16 << 10

// ansi matches the terminal colour codes IPython puts in tracebacks.
var ansi = regexp.MustCompile("\x1b\\[[0-9;]*[A-Za-z]")

// Match returns the first signature in sigs that e matches, or nil.
func Match(sigs []Signature, e Error) *Signature {
	// Keras puts bold codes in messages it re-raises from call().
	evalue := head(e.Evalue)
	if strings.Contains(evalue, "\x1b") {
		evalue = ansi.ReplaceAllString(evalue, "")
	}
	var traceback string // built only if a signature needs it
	for i := range sigs {
		s := &sigs[i]
		if !s.appliesTo(e.Ename) || !s.Evalue.MatchString(evalue) {
			continue
		}
		if s.Traceback != nil {
			if traceback == "" {
				traceback = head(ansi.ReplaceAllString(strings.Join(e.Traceback, "\n"), ""))
			}
			if !s.Traceback.MatchString(traceback) {
				continue
			}
		}
		return s
	}
	return nil
}

func (s *Signature) appliesTo(ename string) bool {
	for _, n := range s.Enames {
		if n == ename {
			return true
		}
	}
	return false
}

func head(s string) string {
	if len(s) > maxMatched {
		return s[:maxMatched]
	}
	return s
}
