package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/demo"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

func TestLoaderWithDemoData(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := haki.SystemContext(context.Background())
		l, err := s.NewLoader(ctx)
		if err != nil {
			t.Fatal(err)
		}
		stats, err := demo.Generate(ctx, demo.Options{Size: 600, Seed: 7, Now: time.Now().Add(-time.Hour), Password: storetest.Password}, l)
		if err != nil {
			l.Abort()
			t.Fatal(err)
		}
		if err := l.Close(); err != nil {
			t.Fatal(err)
		}
		// Loading writes without a journal, so it is for empty databases only.
		if _, err := s.NewLoader(ctx); haki.ErrorCode(err) != haki.ECONFLICT {
			t.Errorf("a second load: %v, want conflict", err)
		}
		if n, err := s.CountIncidents(ctx, haki.IncidentFilter{}); err != nil || n != stats.Incidents {
			t.Fatalf("count = %d, %v; generated %d", n, err, stats.Incidents)
		}
		// The demo accounts sign in with the demo password.
		u, err := s.Authenticate(ctx, "caseworker", storetest.Password)
		if err != nil || u.Role != haki.RoleCaseworker {
			t.Fatalf("authenticate: %v %v", u, err)
		}
		// Totals computed by hand agree with what the records say.
		var acts, victims int
		db := s.DB()
		if err := db.QueryRow(`SELECT COUNT(*) FROM acts`).Scan(&acts); err != nil || acts != stats.Acts {
			t.Errorf("acts = %d, %v; generated %d", acts, err, stats.Acts)
		}
		if err := db.QueryRow(`SELECT COALESCE(SUM(victim_count), 0) FROM incidents`).Scan(&victims); err != nil || victims < stats.Incidents {
			t.Errorf("victims = %d, %v", victims, err)
		}
		// New records continue the numbering after the loaded ones.
		inc := &haki.Incident{Title: "new", Types: []string{"torture"}, Occurred: haki.MustFuzzyDate("2024-01-02"), CountyCode: "KE-047", Verification: "unverified"}
		if err := s.CreateIncident(ctx, inc); err != nil {
			t.Fatal(err)
		}
		var dup int
		db.QueryRow(`SELECT COUNT(*) FROM incidents WHERE ref = '` + inc.Ref + `'`).Scan(&dup)
		if dup != 1 || !strings.HasPrefix(inc.Ref, "INC-") {
			t.Errorf("new ref %s appears %d times", inc.Ref, dup)
		}
		// A caseworker sees their own sensitive case; another team's caseworker does not.
		cw := haki.NewContextWithUser(context.Background(), u)
		cases, _, err := s.FindCases(cw, haki.CaseFilter{Limit: 200})
		if err != nil || len(cases) == 0 {
			t.Fatalf("caseworker cases: %d, %v", len(cases), err)
		}
		for _, c := range cases {
			if c.TeamID != u.TeamID && c.CaseworkerID != u.ID {
				t.Errorf("caseworker sees case %s of another team", c.Ref)
			}
		}
	})
}
