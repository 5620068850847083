package cellfix

import "sync"

// lockedMemo keeps a value per key, each computed once on first use, for
// the indexes a document keeps of its cells. Computing a value is done
// outside the lock, so that it may ask for another: two callers asking for
// the same key at once may both compute it, and the first value kept is
// the one every later caller gets.
type lockedMemo[K comparable, V any] struct {
	mu     sync.Mutex
	values map[K]V
}

// of returns the value kept for key, computing it with compute first when
// there is none; cached says whether it was kept already.
func (x *lockedMemo[K, V]) of(key K, compute func() V) (v V, cached bool) {
	x.mu.Lock()
	v, ok := x.values[key]
	x.mu.Unlock()
	if ok {
		return v, true
	}
	v = compute()
	x.mu.Lock()
	defer x.mu.Unlock()
	if kept, ok := x.values[key]; ok {
		return kept, false
	}
	if x.values == nil {
		x.values = map[K]V{}
	}
	x.values[key] = v
	return v, false
}
