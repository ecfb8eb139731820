package store_test

import (
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// A month filter counts and lists the incidents of that month whatever the
// precision of their dates, and none known only to the year; the count is
// answered from the date index (the home page counts this month).
func TestIncidentMonthFilter(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		admin := storetest.MustUser(t, s, "admin", haki.RoleAdmin, "")
		ctx := storetest.As(admin)
		for _, d := range []string{"2024-12-31", "2024-12", "2024-12-01", "2024", "2024-11-30", "2025-01-01", "2023-12-15", "2024-01"} {
			inc := &haki.Incident{Title: "Incident " + d, Types: []string{"torture"}, Occurred: haki.MustFuzzyDate(d),
				CountyCode: "KE-047", Verification: "unverified"}
			if err := s.CreateIncident(ctx, inc); err != nil {
				t.Fatal(err)
			}
		}
		tests := []struct {
			year, month, want int
		}{
			{2024, 12, 3}, {2024, 11, 1}, {2024, 1, 1}, {2025, 1, 1}, {2023, 12, 1}, {2024, 2, 0}, {2024, 0, 6},
		}
		for _, tc := range tests {
			f := haki.IncidentFilter{Year: tc.year, Month: tc.month}
			n, err := s.CountIncidents(ctx, f)
			if err != nil || n != tc.want {
				t.Errorf("count %d-%d: %d, %v; want %d", tc.year, tc.month, n, err, tc.want)
			}
			list, _, err := s.FindIncidents(ctx, f)
			if err != nil || len(list) != tc.want {
				t.Errorf("list %d-%d: %d, %v; want %d", tc.year, tc.month, len(list), err, tc.want)
			}
		}
	})
}
