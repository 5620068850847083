package cellfix

// PlanStatementsAlone makes the engine plan every composed statement on
// its own, as before planCell, and returns a function that undoes it.
func PlanStatementsAlone() (restore func()) {
	old := minBatchGroups
	minBatchGroups = 1 << 30
	return func() { minBatchGroups = old }
}

// WavesPlannedTogether is how many waves of statements planCell has
// planned so far, and WavesSplit how many were split by the imports their
// plans came to need.
func WavesPlannedTogether() int64 { return wavesPlannedTogether.Load() }
func WavesSplit() int64           { return wavesSplit.Load() }

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

// ScanModelWrites makes LaterPathReads and LastModelWrite ask every later
// or earlier call, as before modelWrites, and returns a function that
// undoes it.
func ScanModelWrites() (restore func()) {
	indexModelWrites = false
	return func() { indexModelWrites = true }
}

// ListModelWrites makes LaterPathReads, LaterModelLoads and LastModelWrite
// range over the calls modelWrites lists for each cell, not only over the
// writes of the path's key (and the calls that can matter after them), and
// returns a function that undoes it.
func ListModelWrites() (restore func()) {
	searchWritesByKey = false
	return func() { searchWritesByKey = true }
}

// WritesIndexed is how many writes LaterPathReads and LastModelWrite have
// found through modelWrites so far.
func WritesIndexed() (later, last int64) { return laterWritesIndexed.Load(), lastWritesIndexed.Load() }

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

// JudgeSyntaxOnWholeCells makes FixAlone parse the whole fixed cell for
// every fix, and returns a function that undoes it.
func JudgeSyntaxOnWholeCells() (restore func()) {
	judgeLocally = false
	return func() { judgeLocally = true }
}

// SyntaxVerdicts is how many of FixAlone's syntax verdicts so far parsed
// the whole fixed cell and how many only windows of it.
func SyntaxVerdicts() (whole, local int64) { return wholeSyntaxChecks.Load(), localSyntaxChecks.Load() }

// NamesRespelled is how many edits FixAlone has found, so far, to respell
// a name, needing no parse.
func NamesRespelled() int64 { return respelledNames.Load() }

// ScanDocumentEachTime makes the lookups of string literals, of calls and
// identifiers by name, of another rule's fixes and of a name's bindings
// walk the document each time, without the per-document indexes
// (stringLiterals, cellNames, fixEdits, nameBindings), and the lookups of
// an assignment range over the name's assignments instead of searching
// them; it returns a function that undoes it.
func ScanDocumentEachTime() (restore func()) {
	set := func(on bool) {
		indexLiterals, indexNames, memoizeFixEdits, indexBindings, searchAssigns = on, on, on, on, on
	}
	set(false)
	return func() { set(true) }
}

// DocumentIndexUses is how many lookups the per-document indexes (and the
// search of assignments) have answered so far, by what they looked up.
func DocumentIndexUses() map[string]int64 {
	return map[string]int64{
		"literal":    literalsIndexed.Load(),
		"name":       namesIndexed.Load(),
		"fix":        fixEditsMemoHits.Load(),
		"binding":    bindingsIndexed.Load(),
		"assignment": assignsSearched.Load(),
	}
}
