package store

// SetExportBatch sets the export's batch size for a test and returns a
// function that restores it, so small data exercises the keyset paging.
func SetExportBatch(n int) func() {
	old := exportBatch
	exportBatch = n
	return func() { exportBatch = old }
}
