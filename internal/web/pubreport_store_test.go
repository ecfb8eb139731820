package web

import (
	"context"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
)

// storedReports reads every public report in the store, opened, as a data
// manager in triage would (a system context: no user is needed for that).
func storedReports(tb testing.TB, st *store.Store) []*haki.PublicReport {
	tb.Helper()
	ctx := haki.SystemContext(context.Background())
	rows, _, err := st.FindPublicReports(ctx, haki.PublicReportFilter{Limit: 100})
	if err != nil {
		tb.Fatal(err)
	}
	out := make([]*haki.PublicReport, 0, len(rows))
	for _, row := range rows {
		f, err := st.FindPublicReport(ctx, row.ID)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, f.Report)
	}
	return out
}
