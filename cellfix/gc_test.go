package cellfix

import (
	"math"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

// TestHugeTreeSetsMemoryBudget: in a batch run (RelaxGC), parsing a huge
// text puts the default GC percent back and sets the memory limit to the
// budget of its tree; a smaller tree later leaves the larger budget, and
// no budget is set when GOMEMLIMIT chose a limit.
func TestHugeTreeSetsMemoryBudget(t *testing.T) {
	withGCSettingsRestored(t)
	defer ChunkEverything()()
	parseCounting := func(src string) int { return parseCountingNodes(t, src, true) }

	RelaxGC()
	if p := gcPercent(); p != relaxedGCPercent {
		t.Fatalf("RelaxGC set percent %d, want %d", p, relaxedGCPercent)
	}
	big := parseCounting(strings.Repeat("layer = tf.keras.layers.Dense(1)\n", 2000))
	if p := gcPercent(); p != 100 {
		t.Errorf("after a huge tree, GC percent %d, want 100", p)
	}
	want := treeBudget(big)
	if got := debug.SetMemoryLimit(-1); got != want {
		t.Errorf("memory limit %d after a tree of %d nodes, want %d", got, big, want)
	}
	if want <= budgetBase+treeBytes(big)*2 {
		t.Errorf("budget %d leaves no room for the facts and findings about a tree of %d bytes", want, treeBytes(big))
	}

	parseCounting("x = 1\ny = 2\n")
	if got := debug.SetMemoryLimit(-1); got != want {
		t.Errorf("a smaller tree changed the limit to %d, want %d kept", got, want)
	}

	t.Setenv("GOMEMLIMIT", "1GiB")
	debug.SetMemoryLimit(math.MaxInt64)
	parseCounting(strings.Repeat("layer = tf.keras.layers.Dense(1)\n", 4000))
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("with GOMEMLIMIT set, the limit became %d", got)
	}
}

// TestMidSizeTreeSetsMemoryBudget: a tree of a megabyte script, too small
// for the huge-file path, still sets its memory budget in a batch run, so
// that the relaxed percent cannot grow the heap to five times what its
// facts keep live; it keeps the relaxed percent, which the small cells of
// a folder want. A small cell sets no limit.
func TestMidSizeTreeSetsMemoryBudget(t *testing.T) {
	withGCSettingsRestored(t)
	RelaxGC()
	parseCounting := func(src string) int { return parseCountingNodes(t, src, false) }
	if n := parseCounting("layer = tf.keras.layers.Dense(1)\n"); n >= releaseAfterNodes {
		t.Fatalf("the small cell has %d nodes", n)
	}
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("a small cell set the memory limit to %d", got)
	}
	// Calls nested 8,000 deep: one statement, not split into chunks.
	src := "y = " + strings.Repeat("tf.keras.backend.abs(", 8000) + "x" + strings.Repeat(")", 8000) + "\n"
	nodes := parseCounting(src)
	if nodes < releaseAfterNodes || nodes > maxPooledNodes {
		t.Fatalf("the nested call has %d nodes, not a mid-size tree", nodes)
	}
	if got, want := debug.SetMemoryLimit(-1), treeBudget(nodes); got != want {
		t.Errorf("memory limit %d after a tree of %d nodes, want %d", got, nodes, want)
	}
	if p := gcPercent(); p != relaxedGCPercent {
		t.Errorf("a mid-size tree set GC percent %d, want the relaxed %d kept", p, relaxedGCPercent)
	}
}

// TestLimitFollowsLiveHeap: once a tree has set a memory limit, a live
// heap beyond it raises the limit to the live heap and half as much again,
// so that the collector does not run back to back.
func TestLimitFollowsLiveHeap(t *testing.T) {
	withGCSettingsRestored(t)
	RelaxGC()
	limitGCToTree(releaseAfterNodes)
	budget := treeBudget(releaseAfterNodes)
	if got := debug.SetMemoryLimit(-1); got != budget {
		t.Fatalf("memory limit %d, want the tree's budget %d", got, budget)
	}
	// Twice the budget of live data: what the findings of a large script
	// can keep besides its tree.
	live := make([][]byte, 0, 2*budget>>20)
	for range cap(live) {
		live = append(live, make([]byte, 1<<20))
	}
	want := int64(liveHeapFloorHalves) * int64(len(live)) << 20 / 2
	deadline := time.Now().Add(10 * time.Second)
	for debug.SetMemoryLimit(-1) < want && time.Now().Before(deadline) {
		runtime.GC() // the finalizer runs after it, in its own goroutine
		time.Sleep(10 * time.Millisecond)
	}
	if got := debug.SetMemoryLimit(-1); got < want {
		t.Errorf("memory limit %d with %d MB live, want at least %d", got, len(live), want)
	}
	runtime.KeepAlive(live)
}

// withGCSettingsRestored clears GOGC and GOMEMLIMIT for the test and puts
// the GC percent, the memory limit and what RelaxGC and limitGCToTree
// recorded back when it ends.
func withGCSettingsRestored(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	oldPercent := debug.SetGCPercent(100)
	oldLimit := debug.SetMemoryLimit(math.MaxInt64)
	t.Cleanup(func() {
		// Under the lock: followLiveHeap stops once gcLimit is 0, and must
		// not set a limit after ours.
		gcMu.Lock()
		defer gcMu.Unlock()
		gcManaged, gcLimit = false, 0
		debug.SetGCPercent(oldPercent)
		debug.SetMemoryLimit(oldLimit)
	})
}

// parseCountingNodes parses src, which must be parsed in chunks or not as
// chunked says, and returns the number of nodes of its tree.
func parseCountingNodes(t *testing.T, src string, chunked bool) int {
	t.Helper()
	root, gotChunked, err := parseLaidOut([]byte(src))
	if err != nil || gotChunked != chunked {
		t.Fatalf("parse: chunked %v (want %v), error %v", gotChunked, chunked, err)
	}
	nodes := 0
	root.Walk(func(*Node) bool { nodes++; return true })
	return nodes
}

// gcPercent is the GC percent in force.
func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}
