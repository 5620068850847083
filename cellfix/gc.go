package cellfix

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"unsafe"
)

// The batch verbs check many small cells: the live heap stays at a few
// megabytes, and collecting it each time it doubles cost a fifth of the
// CPU of checking a folder of notebooks. RelaxGC lets the heap grow to
// five times what is live between collections instead.
//
// A huge cell (parse) puts Go's default percent back before its tree is
// built, so that a script of a million lines does not grow its heap to
// five times a tree of gigabytes, and once the tree is built sets a soft
// memory limit in proportion to it (treeBudget): its syntax tree and the
// facts and findings about it are most of the live heap, and letting the
// heap grow by as much again before each collection made the peak twice
// what is live, some 200 times the size of a script with a finding on
// every line. Under the limit the collector runs no more often than the
// percent says; near it, more often; above it, back to back, which Go caps
// at about half the CPU. The budget leaves room for the facts and findings
// that checking or fixing such a script keeps besides its tree. A tree of
// a script of a megabyte or so (releaseAfterNodes and up) sets the same
// limit but keeps the relaxed percent: under the percent alone, checking
// calls nested 50,000 deep (1.1 MB) peaked at 400 MB for 80 MB live.
//
// Fixing a huge script parses its fixed text once its first tree is
// garbage (shedTrees), and collects that tree first (collectShedTrees):
// the heap is then a few megabytes, where left to the percent it would
// grow to twice the live heap of checking, tree and facts, before the
// next collection, and reach that with the fixed text's tree besides.

// What RelaxGC, tightenGC and limitGCToTree have set.
var (
	gcMu      sync.Mutex
	gcManaged bool  // RelaxGC chose the percent (GOGC did not)
	gcLimit   int64 // the memory limit limitGCToTree set, 0 for none
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
	gcManaged = true
}

// tightenGC puts back the default percent set by RelaxGC, if any, before a
// huge tree is built; it lasts for the rest of the run.
func tightenGC() {
	gcMu.Lock()
	defer gcMu.Unlock()
	if gcManaged {
		debug.SetGCPercent(100)
	}
}

// limitGCToTree sets a soft memory limit of treeBudget for a tree of the
// given number of nodes just built, unless RelaxGC did not choose the GC
// settings, the GOMEMLIMIT environment variable chose a limit, or a larger
// tree set a higher limit before (the limit stays for the rest of the run).
func limitGCToTree(nodes int) {
	gcMu.Lock()
	defer gcMu.Unlock()
	if !gcManaged || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	if budget := treeBudget(nodes); budget > gcLimit {
		debug.SetMemoryLimit(budget)
		if gcLimit == 0 {
			followLiveHeap()
		}
		gcLimit = budget
	}
}

// The budget of a tree is a guess at what checking or fixing it keeps
// live. A script with a finding or two on every statement keeps more: the
// findings, their fixes and the plans that compose them. Once the live
// heap nears the limit, the collector runs back to back and the cost of a
// check grows faster than the script: 50,000 statements with composed
// fixes took 10.0 s of CPU where 25,000 took 3.9. So after every
// collection, the limit is raised, if need be, to the live heap and half
// as much again (liveHeapFloorHalves): 5.6 s and 2.8 s, for a peak of memory a
// few percent higher. Twice the live heap, as Go's default percent would
// let it grow, saved little more CPU for a third more memory.

// liveHeapFloorHalves is how many halves of the live heap the limit is
// kept at least: 3, the live heap and half as much again.
const liveHeapFloorHalves = 3

// gcSentinel is garbage made to learn of each collection: its finalizer
// runs after the collection that finds it unreachable. It holds a pointer
// so that it is not put in the tiny allocator, whose objects may never be
// finalized.
type gcSentinel struct{ _ *int }

var liveHeapSample = []metrics.Sample{{Name: "/gc/heap/live:bytes"}}

// followLiveHeap raises the limit limitGCToTree set to liveHeapFloorHalves
// halves of the live heap after each collection, for as long as a limit
// is set.
func followLiveHeap() {
	runtime.SetFinalizer(&gcSentinel{}, func(*gcSentinel) {
		gcMu.Lock()
		defer gcMu.Unlock()
		if gcLimit == 0 {
			return // the settings were put back (tests)
		}
		metrics.Read(liveHeapSample)
		if floor := liveHeapFloorHalves * int64(liveHeapSample[0].Value.Uint64()) / 2; floor > gcLimit {
			debug.SetMemoryLimit(floor)
			gcLimit = floor
		}
		followLiveHeap()
	})
}

const (
	// budgetPerTree is how many times the memory of a huge tree the heap
	// may reach. With the 48-byte Node the tree is a smaller part of what
	// checking or fixing keeps live, and 3 times it (the figure for the
	// 96-byte Node) made converting calls nested 100,000 deep collect 29
	// times instead of 13, for 40% more CPU; 4 collects as often as before
	// and keeps most of the smaller peak (464 MB there, against 558 MB
	// before the smaller Node and 404 MB with 3).
	budgetPerTree = 4
	// budgetBase is the rest of the budget: the runtime, the text and the
	// other files of the run.
	budgetBase = 64 << 20
)

// treeBytes estimates the memory of a syntax tree of the given number of
// nodes: the nodes and one child pointer each.
func treeBytes(nodes int) int64 {
	return int64(nodes) * int64(unsafe.Sizeof(Node{})+unsafe.Sizeof((*Node)(nil)))
}

// treeBudget is the soft memory limit for a tree of the given number of
// nodes.
func treeBudget(nodes int) int64 {
	return min(math.MaxInt64/2, budgetBase+int64(budgetPerTree*float64(treeBytes(nodes))))
}

// releaseAfterNodes is the size of tree, in nodes, from which parse gives
// the C heap's freed memory back to the system once the C tree is deleted
// (a few megabytes; giving back costs a walk of glibc's free lists, not
// worth it for the many small cells of a folder). Below a million nodes
// nothing else gives it back, and a script of a megabyte peaked at half
// as much memory again for it.
const releaseAfterNodes = 1 << 16

// shedCollectBytes is the length of cell text from which collectShedTrees
// collects: the trees of smaller cells are not worth a collection.
const shedCollectBytes = 1 << 20

// collectShedTrees collects the garbage when the fix loop has just
// dropped the trees of cells of the given total text length, if that is
// at least shedCollectBytes. What is live then is little more than the
// text and the findings, so the collection is cheap, and it replaces the
// one the parse of the fixed text would soon need.
func collectShedTrees(textBytes int) {
	if textBytes >= shedCollectBytes {
		runtime.GC()
	}
}
