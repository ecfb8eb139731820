package store

import (
	"context"

	"github.com/haki-kenya/haki"
)

// SetExportBatch sets the export's batch size for a test and returns a
// function that restores it, so small data exercises the keyset paging.
func SetExportBatch(n int) func() {
	old := exportBatch
	exportBatch = n
	return func() { exportBatch = old }
}

// ReportFromRecords computes a standard report from the records, never
// from the summary, for tests that compare the two.
func (s *Store) ReportFromRecords(ctx context.Context, name string, f haki.ReportFilter) (*haki.Report, error) {
	return s.standardReport(ctx, reportSpecs[name], f, false)
}
