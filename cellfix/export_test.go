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
