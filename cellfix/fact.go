package cellfix

import "sync"

// A Fact is an analysis of a whole document that several rules need: the
// Requires/ResultOf idea of golang.org/x/tools/go/analysis, typed. It is
// computed once per document, on first use, and shared by every rule and
// every cell's pass. A document is never modified (fixes make a new one),
// so a fact never goes stale.
//
// Declare a fact once, as a package-level variable:
//
//	var tracedScopes = cellfix.NewFact("traced-scopes", buildTracedScopes)
//
// and read it from a rule with ResultOf(pass, tracedScopes).
type Fact[T any] struct {
	name    string
	compute func(*Document) T
	// extend, for an incremental fact, computes the fact of a document
	// from the fact of its history (Document.history).
	extend func(history T, d *Document, grow bool) T
	id     int
}

var (
	factsMu   sync.Mutex
	factCount int
	// incremental computes each incremental fact of a document.
	incremental []func(*Document)
)

// NewFact declares a fact computed by compute.
func NewFact[T any](name string, compute func(*Document) T) *Fact[T] {
	factsMu.Lock()
	defer factsMu.Unlock()
	factCount++
	return &Fact[T]{name: name, compute: compute, id: factCount - 1}
}

// NewIncrementalFact declares a fact that a kernel session keeps
// incrementally, so that checking a cell costs the same after 2,000 cells
// as after 10. compute builds it for a whole document; extend builds it for
// a document whose first cells are its history's (the session's recorded
// cells) from the history's fact, looking only at the cells after them.
// With grow, d replaces its history (the session recorded a cell) and
// extend may grow the history's fact in place; without, d is a check of a
// new cell and the history's fact must stay as it is (an overlay over it
// does).
func NewIncrementalFact[T any](name string, compute func(*Document) T, extend func(history T, d *Document, grow bool) T) *Fact[T] {
	f := NewFact(name, compute)
	f.extend = extend
	factsMu.Lock()
	defer factsMu.Unlock()
	incremental = append(incremental, func(d *Document) { f.Of(d) })
	return f
}

// computeIncrementalFacts computes every incremental fact of d, while
// d's history is at hand.
func computeIncrementalFacts(d *Document) {
	factsMu.Lock()
	all := incremental
	factsMu.Unlock()
	for _, compute := range all {
		compute(d)
	}
}

// Name says what the fact is, for messages.
func (f *Fact[T]) Name() string { return f.name }

// Of returns the fact for document d, computing it on first use.
func (f *Fact[T]) Of(d *Document) T {
	slot := d.factSlot(f.id)
	slot.once.Do(func() {
		if f.extend != nil && d.history != nil {
			slot.value = computed[T]{f.extend(f.Of(d.history), d, d.grows)}
			return
		}
		slot.value = computed[T]{f.compute(d)}
	})
	return slot.value.(computed[T]).v
}

// ResultOf returns fact f of the document the pass inspects.
func ResultOf[T any](p *Pass, f *Fact[T]) T { return f.Of(p.Doc) }

// factValue is the sealed interface under which a document stores facts of
// different types; only computed[T] implements it, and Fact[T].Of reads
// back exactly the type it stored.
type factValue interface{ isFact() }

type computed[T any] struct{ v T }

func (computed[T]) isFact() {}

type factEntry struct {
	once  sync.Once
	value factValue
}

// factSlot returns the entry for fact id, creating it on first use.
func (d *Document) factSlot(id int) *factEntry {
	d.factsMu.Lock()
	defer d.factsMu.Unlock()
	if id >= len(d.facts) {
		grown := make([]*factEntry, id+1)
		copy(grown, d.facts)
		d.facts = grown
	}
	if d.facts[id] == nil {
		d.facts[id] = &factEntry{}
	}
	return d.facts[id]
}
