package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// A report read from the records (here: two filters) waits for a turn
// while the heavy reads are all taken (holding no connection, and giving
// up with its caller); a report read from the summary, unfiltered or with
// one filter over whole years, does not wait.
func TestHeavyReadsTakeTurns(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := storetest.As(storetest.MustUser(t, s, "viewer", haki.RoleViewer, ""))
		year := haki.ReportFilter{From: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)}
		county := year
		county.CountyCode = "KE-047"
		twoFilters := county
		twoFilters.Sex = "female"
		giveBack := s.TakeHeavyReads()
		waiting, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
		defer cancel()
		if _, err := s.Report(waiting, haki.ReportExecutions, twoFilters); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("report with two filters with every turn taken: %v, want to wait until the caller gives up", err)
		}
		if _, err := s.Report(ctx, haki.ReportExecutions, year); err != nil {
			t.Fatalf("report from the summary: %v", err)
		}
		if _, err := s.Report(ctx, haki.ReportExecutions, county); err != nil {
			t.Fatalf("report with one filter from the summary: %v", err)
		}
		giveBack()
		if _, err := s.Report(ctx, haki.ReportExecutions, twoFilters); err != nil {
			t.Fatalf("report with two filters with turns free: %v", err)
		}
	})
}
