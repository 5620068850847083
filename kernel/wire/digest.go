package wire

import "sync"

// DefaultDigestHistory is how many signatures a DigestHistory remembers
// unless told otherwise: jupyter_client's Session.digest_history_size.
const DefaultDigestHistory = 1 << 16

// DigestHistory remembers the signatures of the messages accepted, so that
// a message sent a second time (captured and replayed) is refused, as
// jupyter_client's Session refuses a duplicate signature. It holds a
// bounded number of them and forgets the oldest first; a message old
// enough to be forgotten is also too old to matter to a frontend.
type DigestHistory struct {
	mu    sync.Mutex
	size  int
	seen  map[string]struct{}
	order []string // ring of the remembered signatures, oldest at next
	next  int
}

// NewDigestHistory returns a history of at most size signatures.
func NewDigestHistory(size int) *DigestHistory {
	return &DigestHistory{size: max(size, 1), seen: make(map[string]struct{})}
}

// Replayed records sig and reports whether it had been seen already. An
// empty signature (a session without a key) is never a replay: there is
// nothing to tell two messages apart by.
func (h *DigestHistory) Replayed(sig []byte) bool {
	if len(sig) == 0 {
		return false
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	key := string(sig)
	if _, dup := h.seen[key]; dup {
		return true
	}
	h.seen[key] = struct{}{}
	if len(h.order) < h.size {
		h.order = append(h.order, key)
		return false
	}
	delete(h.seen, h.order[h.next])
	h.order[h.next] = key
	h.next = (h.next + 1) % len(h.order)
	return false
}
