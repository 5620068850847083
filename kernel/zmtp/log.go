package zmtp

import (
	"fmt"
	"sync"
	"time"
)

// LimitedLog passes on at most one line per interval and says, in the next
// line it passes on, how many it held back. A peer that opens connection
// after connection with garbage gets a line now and then, not one each.
type LimitedLog struct {
	out   Logger
	every time.Duration

	mu   sync.Mutex
	last time.Time
	held int
}

// NewLimitedLog writes to out at most once per every.
func NewLimitedLog(out Logger, every time.Duration) *LimitedLog {
	return &LimitedLog{out: out, every: every}
}

// Printf logs a line unless one went out less than the interval ago.
func (l *LimitedLog) Printf(format string, args ...any) {
	l.mu.Lock()
	now := time.Now()
	if !l.last.IsZero() && now.Sub(l.last) < l.every {
		l.held++
		l.mu.Unlock()
		return
	}
	held := l.held
	l.last, l.held = now, 0
	l.mu.Unlock()
	line := fmt.Sprintf(format, args...)
	if held > 0 {
		line += fmt.Sprintf(" (and %d more such lines held back)", held)
	}
	l.out.Printf("%s", line)
}
