package store

import (
	"context"
	"database/sql"

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

// ChainHash is the audit chain's hash of an entry, for tests that rebuild
// the chain as an attacker with the database but not the key file could.
func ChainHash(prev string, id int64, cols [9]string) string {
	e := chainEntry{ID: id, At: cols[0], UserID: cols[1], Username: cols[2], Action: cols[3], Entity: cols[4],
		EntityID: cols[5], Before: cols[6], After: cols[7], RequestID: cols[8]}
	return e.chainHash(prev)
}

// VerifyAuditBare checks the chain by itself, against no checkpoint.
func VerifyAuditBare(s *Store, ctx context.Context) (*AuditChain, error) {
	return s.verifyChain(ctx, nil)
}

// SetFewAssignedLimit sets how many incidents a professional's cases may
// hold for their list to start from them, and returns a function that
// restores it.
func SetFewAssignedLimit(n int) func() {
	old := fewAssignedLimit
	fewAssignedLimit = n
	return func() { fewAssignedLimit = old }
}

// TakeHeavyReads takes every turn of the heavy reads, as that many
// filtered reports under way would, and returns the function that gives
// them back.
func (s *Store) TakeHeavyReads() func() {
	for range heavyReads {
		s.heavy <- struct{}{}
	}
	return func() {
		for range heavyReads {
			<-s.heavy
		}
	}
}

// RebuildFilterSummary makes report_filter_cells again from the records,
// as migration 024 does, for the benchmark that times it alone.
func (s *Store) RebuildFilterSummary(ctx context.Context) error {
	return s.write(ctx, func(tx *Tx) error { return tx.rebuildFilterSummary() })
}

// ExecForTest runs a statement on the writer, for tests that make a
// database look as an older version left it.
func (s *Store) ExecForTest(ctx context.Context, q string) error {
	_, err := s.db.ExecContext(ctx, q)
	return err
}

// QueryRowForTest reads one row on the writer, for tests that look at what
// is stored at rest.
func (s *Store) QueryRowForTest(ctx context.Context, q string, args ...any) *sql.Row {
	return s.db.QueryRowContext(ctx, s.d.rebind(q), args...)
}

// WriterDB returns the store's writer connection, for the hand-written
// SQL floor of a write benchmark.
func (s *Store) WriterDB() *sql.DB { return s.db }
