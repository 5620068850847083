package cellfix

// PlanStatementsAlone makes the engine plan every composed statement on
// its own, as before planCell, and returns a function that undoes it.
func PlanStatementsAlone() (restore func()) {
	old := minBatchGroups
	minBatchGroups = 1 << 30
	return func() { minBatchGroups = old }
}

// CellsPlannedTogether is how many cells planCell has planned so far.
func CellsPlannedTogether() int64 { return cellsPlannedTogether.Load() }

// ChunkEverything makes every parse cut its text before every top-level
// statement it may, however small the text, and returns a function that
// undoes it.
func ChunkEverything() (restore func()) {
	oldThreshold, oldBytes := chunkThreshold, chunkBytes
	chunkThreshold, chunkBytes = 0, 1
	return func() { chunkThreshold, chunkBytes = oldThreshold, oldBytes }
}

// ChunkedParses is how many texts have been parsed in chunks so far.
func ChunkedParses() int64 { return chunkedParses.Load() }

// TakeArgsEachTime makes ArgsOf take a call's arguments apart on every use,
// without the cell's memo, and returns a function that undoes it.
func TakeArgsEachTime() (restore func()) {
	memoizeArgs = false
	return func() { memoizeArgs = true }
}

// ArgsMemoHits is how many calls of ArgsOf the memo has answered so far.
func ArgsMemoHits() int64 { return argsMemoHits.Load() }

// ResolveEachTime makes Model.Resolve resolve every chain again, without
// the model's memo, and returns a function that undoes it.
func ResolveEachTime() (restore func()) {
	memoizeResolve = false
	return func() { memoizeResolve = true }
}

// ResolveMemoHits is how many calls of Model.Resolve the memo has answered
// so far.
func ResolveMemoHits() int64 { return resolveMemoHits.Load() }

// MaskIPython and MayHoldIPython are maskIPython and mayHoldIPython.
var (
	MaskIPython    = maskIPython
	MayHoldIPython = mayHoldIPython
)
