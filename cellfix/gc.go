package cellfix

import (
	"os"
	"runtime/debug"
	"sync"
)

// The batch verbs check many small cells: the live heap stays at a few
// megabytes, and collecting it each time it doubles cost a fifth of the
// CPU of checking a folder of notebooks. RelaxGC lets the heap grow to
// five times what is live between collections instead; a huge cell
// (parse) puts the default back, so that a script of a million lines does
// not grow its heap to five times a tree of gigabytes.

// gcRelaxed is true while RelaxGC's setting is in force.
var (
	gcMu      sync.Mutex
	gcRelaxed bool
)

// relaxedGCPercent is the GC percent RelaxGC sets (Go's default is 100).
const relaxedGCPercent = 400

// RelaxGC raises the garbage collector's percent for a batch run, unless
// the GOGC environment variable chose one.
func RelaxGC() {
	if os.Getenv("GOGC") != "" {
		return
	}
	gcMu.Lock()
	defer gcMu.Unlock()
	debug.SetGCPercent(relaxedGCPercent)
	gcRelaxed = true
}

// tightenGC puts back the default percent set by RelaxGC, if any.
func tightenGC() {
	gcMu.Lock()
	defer gcMu.Unlock()
	if gcRelaxed {
		debug.SetGCPercent(100)
		gcRelaxed = false
	}
}
