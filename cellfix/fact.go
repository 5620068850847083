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
	id      int
}

var (
	factsMu   sync.Mutex
	factCount int
)

// NewFact declares a fact computed by compute.
func NewFact[T any](name string, compute func(*Document) T) *Fact[T] {
	factsMu.Lock()
	defer factsMu.Unlock()
	factCount++
	return &Fact[T]{name: name, compute: compute, id: factCount - 1}
}

// Name says what the fact is, for messages.
func (f *Fact[T]) Name() string { return f.name }

// Of returns the fact for document d, computing it on first use.
func (f *Fact[T]) Of(d *Document) T {
	slot := d.factSlot(f.id)
	slot.once.Do(func() { slot.value = computed[T]{f.compute(d)} })
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
