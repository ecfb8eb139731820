package store_test

import (
	"context"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// mustPerpetrator records a victim of inc and a perpetrator of their act
// with the outcomes given.
func mustPerpetrator(tb testing.TB, s *store.Store, ctx context.Context, inc *haki.Incident, outcomes ...haki.Outcome) *haki.Involvement {
	tb.Helper()
	a := mustVictim(tb, s, ctx, inc, mustPrivacyPerson(tb, s, ctx, "Victim of "+inc.Title, "male"))
	v := &haki.Involvement{ActID: a.ID, ServiceCode: "kps", Degree: "direct", OfficerName: "Cpl. Example", Outcomes: outcomes}
	if err := s.CreateInvolvement(ctx, v); err != nil {
		tb.Fatalf("create involvement: %v", err)
	}
	return v
}

func outcome(kind, date, sourceKind, ref string) haki.Outcome {
	return haki.Outcome{Kind: kind, Date: haki.MustFuzzyDate(date), SourceKind: sourceKind, SourceRef: ref}
}

func kindsOf(os []haki.Outcome) []string {
	var out []string
	for _, o := range os {
		out = append(out, o.Kind+" "+o.Date.String()+" "+o.SourceKind+" "+o.SourceRef)
	}
	return out
}

func TestInvolvementOutcomesWriteReadReplace(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		dm := storetest.MustUser(t, s, "dm", haki.RoleDataManager, "")
		ctx := storetest.As(dm)
		inc := mustIncident(t, s, ctx, "Shooting in Kayole", "KE-047", "2024-06-25")
		v := mustPerpetrator(t, s, ctx, inc,
			outcome("arrested", "2024-07-02", "news", "Officer held over Kayole shooting"),
			outcome("convicted", "~2025", "court_record", "HCCR E012 of 2024"))

		got, err := s.FindInvolvementByID(ctx, v.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"arrested 2024-07-02 news Officer held over Kayole shooting", "convicted ~2025 court_record HCCR E012 of 2024"}
		if g := kindsOf(got.Outcomes); len(g) != 2 || g[0] != want[0] || g[1] != want[1] {
			t.Errorf("read %q, want %q", g, want)
		}
		acts, err := s.FindActs(ctx, inc.ID)
		if err != nil || len(acts) != 1 || len(acts[0].Involvements) != 1 || len(acts[0].Involvements[0].Outcomes) != 2 {
			t.Fatalf("acts: %+v, %v", acts, err)
		}

		// The source's reference is sealed, as the officer's name is.
		var raw string
		if err := s.DB().QueryRow(rpRebind(s, `SELECT source_ref FROM involvement_outcomes WHERE kind = 'arrested'`)).Scan(&raw); err != nil {
			t.Fatal(err)
		}
		if raw == "" || raw == want[0][len("arrested 2024-07-02 news "):] {
			t.Errorf("source_ref stored as %q", raw)
		}

		// Replace: keep the arrest (same id), drop the conviction, add a charge.
		kept := got.Outcomes[0]
		got.Outcomes = []haki.Outcome{kept, outcome("charged", "2024-08", "oversight_authority", "IPOA/INV/2024/77")}
		if err := s.UpdateInvolvement(ctx, got); err != nil {
			t.Fatal(err)
		}
		again, err := s.FindInvolvementByID(ctx, v.ID)
		if err != nil {
			t.Fatal(err)
		}
		if g := kindsOf(again.Outcomes); len(g) != 2 || g[0] != want[0] || g[1] != "charged 2024-08 oversight_authority IPOA/INV/2024/77" {
			t.Errorf("after replace %q", g)
		}
		if again.Outcomes[0].ID != kept.ID || again.Outcomes[1].ID == "" {
			t.Errorf("ids %q %q, want the arrest's %q kept", again.Outcomes[0].ID, again.Outcomes[1].ID, kept.ID)
		}

		// A researcher sees what happened, not the reference that may name the officer.
		res := storetest.MustUser(t, s, "res", haki.RoleResearcher, "")
		seen, err := s.FindInvolvementByID(storetest.As(res), v.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(seen.Outcomes) != 2 || seen.Outcomes[0].Kind != "arrested" || seen.Outcomes[0].SourceRef != "" {
			t.Errorf("researcher sees %+v", seen.Outcomes)
		}

		// Emptying the list removes them all; deleting the involvement cascades.
		again.Outcomes = nil
		if err := s.UpdateInvolvement(ctx, again); err != nil {
			t.Fatal(err)
		}
		if g, _ := s.FindInvolvementByID(ctx, v.ID); g == nil || len(g.Outcomes) != 0 {
			t.Errorf("after emptying: %+v", g)
		}
	})
}

func TestInvolvementOutcomesValidation(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		c := newClock(s)
		dm := storetest.MustUser(t, s, "dm", haki.RoleDataManager, "")
		ctx := storetest.As(dm)
		inc := mustIncident(t, s, ctx, "Shooting in Mathare", "KE-047", "2024-06-25")
		v := mustPerpetrator(t, s, ctx, inc)
		tomorrow := c.now().AddDate(0, 0, 1).Format("2006-01-02")
		for _, tc := range []struct {
			name, field string
			o           haki.Outcome
		}{
			{"unknown kind", "outcomes[0].kind", outcome("promoted", "2024-07", "news", "")},
			{"no kind", "outcomes[0].kind", outcome("", "2024-07", "news", "")},
			{"unknown source", "outcomes[0].source_kind", outcome("arrested", "2024-07", "rumour", "")},
			{"future date", "outcomes[0].date", outcome("arrested", tomorrow, "news", "")},
		} {
			t.Run(tc.name, func(t *testing.T) {
				v.Outcomes = []haki.Outcome{tc.o}
				err := s.UpdateInvolvement(ctx, v)
				if haki.ErrorCode(err) != haki.EINVALID || haki.ErrorFields(err)[tc.field] == "" {
					t.Errorf("got %v (%v), want a problem with %s", err, haki.ErrorFields(err), tc.field)
				}
			})
		}
		// Lists are incomplete: a conviction with no arrest or charge, and
		// an outcome whose date nobody gave, are both accepted.
		v.Outcomes = []haki.Outcome{{Kind: "convicted", SourceKind: "news"}}
		if err := s.UpdateInvolvement(ctx, v); err != nil {
			t.Errorf("conviction alone, undated: %v", err)
		}
	})
}

func TestReportOutcomeCounts(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		dm := storetest.MustUser(t, s, "dm", haki.RoleDataManager, "")
		ctx := storetest.As(dm)
		a := mustIncident(t, s, ctx, "Shooting in Kayole", "KE-047", "2024-06-25")
		b := mustIncident(t, s, ctx, "Shooting in Kibera", "KE-047", "2024-09")
		before := mustIncident(t, s, ctx, "Shooting in 2023", "KE-047", "2023-05-01")
		torture := &haki.Incident{Title: "Beating at a station", Types: []string{"torture"}, Occurred: haki.MustFuzzyDate("2024-03-01"),
			CountyCode: "KE-047", Context: "custody", Verification: "verified"}
		if err := s.CreateIncident(ctx, torture); err != nil {
			t.Fatal(err)
		}
		// Two arrests of one officer count one perpetrator arrested.
		mustPerpetrator(t, s, ctx, a, outcome("arrested", "2024-06-26", "news", ""), outcome("arrested", "2024-07-01", "police_statement", ""),
			outcome("charged", "2024-07", "court_record", ""))
		mustPerpetrator(t, s, ctx, b, outcome("arrested", "2024-10", "oversight_authority", ""), outcome("convicted", "2025", "news", ""))
		mustPerpetrator(t, s, ctx, b) // no outcome recorded
		mustPerpetrator(t, s, ctx, before, outcome("arrested", "2023-06", "news", ""))
		mustPerpetrator(t, s, ctx, torture, outcome("disciplined", "2024-05", "organisation", ""))

		counts := func(r *haki.Report) map[string]int {
			out := map[string]int{}
			for _, o := range r.Accountability.Outcomes {
				out[o.Kind] = o.Perpetrators.N
			}
			return out
		}
		exec, err := s.ExecutionsReport(ctx, year2024())
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int{"arrested": 2, "charged": 1, "convicted": 1, "acquitted": 0, "disciplined": 0, "case_withdrawn": 0}
		if g := counts(exec); len(g) != len(haki.OutcomeKinds) || !sameCounts(g, want) {
			t.Errorf("executions %v, want %v", g, want)
		}
		tor, err := s.TortureReport(ctx, year2024())
		if err != nil {
			t.Fatal(err)
		}
		if tor.Accountability == nil || counts(tor)["disciplined"] != 1 || counts(tor)["arrested"] != 0 {
			t.Errorf("torture %+v", tor.Accountability)
		}

		// A researcher gets small counts hidden, as the court figures are.
		res := storetest.MustUser(t, s, "res", haki.RoleResearcher, "")
		r, err := s.ExecutionsReport(storetest.As(res), year2024())
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range r.Accountability.Outcomes {
			if o.Perpetrators.N > 0 && !o.Perpetrators.Suppressed {
				t.Errorf("researcher sees %s = %d", o.Kind, o.Perpetrators.N)
			}
		}
	})
}

func sameCounts(got, want map[string]int) bool {
	for k, n := range want {
		if got[k] != n {
			return false
		}
	}
	return true
}

// TestLoaderOutcomes loads an involvement with its outcomes in bulk, as the
// demo and importers do, and reads them back sealed and in order.
func TestLoaderOutcomes(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		admin := storetest.MustUser(t, s, "ladmin", haki.RoleAdmin, "")
		l, err := s.NewLoader(haki.SystemContext(context.Background()))
		if err != nil {
			t.Fatal(err)
		}
		now := s.Now()
		p := &haki.Person{ID: "0190a000-0000-7000-8000-000000000001", Ref: "PER-2024-000001", FullName: "Victim", Sex: "male", CreatedAt: now, UpdatedAt: now}
		inc := &haki.Incident{ID: "0190a000-0000-7000-8000-000000000002", Ref: "INC-2024-000001", Title: "Shooting", Types: []string{"extrajudicial_execution"},
			Occurred: haki.MustFuzzyDate("2024-06-25"), CountyCode: "KE-047", Verification: "verified", CreatedAt: now, UpdatedAt: now}
		a := &haki.Act{ID: "0190a000-0000-7000-8000-000000000003", IncidentID: inc.ID, VictimID: p.ID, ActType: "killing", VictimStatus: "killed"}
		v := &haki.Involvement{ID: "0190a000-0000-7000-8000-000000000004", ActID: a.ID, ServiceCode: "kps", Degree: "direct",
			Outcomes: []haki.Outcome{outcome("arrested", "2024-07", "news", "Officer held"), outcome("acquitted", "~2025", "court_record", "")}}
		for _, err := range []error{l.Person(p), l.Incident(inc), l.Act(a), l.Involvement(v), l.Close()} {
			if err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.FindInvolvementByID(storetest.As(admin), v.ID)
		if err != nil {
			t.Fatal(err)
		}
		if g := kindsOf(got.Outcomes); len(g) != 2 || g[0] != "arrested 2024-07 news Officer held" || g[1] != "acquitted ~2025 court_record " {
			t.Errorf("loaded %q", g)
		}
	})
}
