package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

func TestMigrateSeeds(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := storetest.As(storetest.MustUser(t, s, "dm", haki.RoleDataManager, ""))
		counties, err := s.FindPlaces(ctx, "KE", 1, "")
		if err != nil || len(counties) != 47 {
			t.Fatalf("counties: %d, %v", len(counties), err)
		}
		if counties[0].Code != "KE-001" || counties[46].Name != "Nairobi City" {
			t.Errorf("first %v last %v", counties[0], counties[46])
		}
		terms, err := s.FindTerms(ctx, "incident_type", false)
		if err != nil || len(terms) < 5 {
			t.Fatalf("terms: %d, %v", len(terms), err)
		}
		// Migrating again is a no-op.
		if err := s.Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
	})
}

func mustIncident(tb testing.TB, s *store.Store, ctx context.Context, title, county, date string) *haki.Incident {
	tb.Helper()
	inc := &haki.Incident{Title: title, Types: []string{"extrajudicial_execution"}, Occurred: haki.MustFuzzyDate(date),
		CountyCode: county, Context: "anti_crime", Verification: "verified", Narrative: "narrative of " + title}
	if err := s.CreateIncident(ctx, inc); err != nil {
		tb.Fatalf("create incident: %v", err)
	}
	return inc
}

func TestIncidentLifecycle(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		dm := storetest.MustUser(t, s, "dm", haki.RoleDataManager, "")
		ctx := storetest.As(dm)
		inc := mustIncident(t, s, ctx, "Shooting in Kayole", "KE-047", "2024-06-25")
		if inc.Ref != "INC-"+haki.Today(s.Now()).Format("2006")+"-000001" {
			t.Errorf("ref = %s", inc.Ref)
		}
		second := mustIncident(t, s, ctx, "Torture at a station", "KE-001", "~2023-02")
		if second.Ref[len(second.Ref)-1] != '2' {
			t.Errorf("second ref = %s", second.Ref)
		}
		got, err := s.FindIncidentByID(ctx, inc.ID)
		if err != nil || got.Title != inc.Title || got.Occurred != inc.Occurred || len(got.Types) != 1 {
			t.Fatalf("find: %+v, %v", got, err)
		}
		got.Title = "Police shooting in Kayole"
		if err := s.UpdateIncident(ctx, got); err != nil {
			t.Fatal(err)
		}
		stale := *inc // version 1
		stale.Title = "stale write"
		if err := s.UpdateIncident(ctx, &stale); haki.ErrorCode(err) != haki.ECONFLICT {
			t.Errorf("stale update: %v, want conflict", err)
		}
		list, next, err := s.FindIncidents(ctx, haki.IncidentFilter{CountyCode: "KE-047", Year: 2024})
		if err != nil || len(list) != 1 || next != "" || list[0].Title != "Police shooting in Kayole" {
			t.Fatalf("list: %v %q %v", list, next, err)
		}
		page1, next, err := s.FindIncidents(ctx, haki.IncidentFilter{Limit: 1})
		if err != nil || len(page1) != 1 || next == "" || page1[0].ID != inc.ID {
			t.Fatalf("page 1: %v %q %v", page1, next, err)
		}
		page2, next2, err := s.FindIncidents(ctx, haki.IncidentFilter{Limit: 1, Cursor: next})
		if err != nil || len(page2) != 1 || next2 != "" || page2[0].ID != second.ID {
			t.Fatalf("page 2: %v %q %v", page2, next2, err)
		}
		entries, err := s.FindAuditEntries(storetest.As(storetest.MustUser(t, s, "admin", haki.RoleAdmin, "")), haki.AuditFilter{EntityID: inc.ID})
		if err != nil || len(entries) != 2 || entries[0].Action != "update" || entries[0].Before == "" || entries[0].After == "" {
			t.Fatalf("audit: %v %v", entries, err)
		}
		if err := s.DeleteIncident(ctx, inc.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.FindIncidentByID(ctx, inc.ID); haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Errorf("after delete: %v", err)
		}
	})
}

func TestIncidentValidation(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := storetest.As(storetest.MustUser(t, s, "dm", haki.RoleDataManager, ""))
		inc := &haki.Incident{Title: "x", Types: []string{"no_such_type"}, Occurred: haki.MustFuzzyDate("2020"),
			CountyCode: "KE-999", SubCountyCode: "KE-001-01", Verification: "verified"}
		err := s.CreateIncident(ctx, inc)
		f := haki.ErrorFields(err)
		if haki.ErrorCode(err) != haki.EINVALID || f["types"] == "" || f["county_code"] == "" || f["subcounty_code"] == "" {
			t.Fatalf("got %v", err)
		}
		list, _, _ := s.FindIncidents(ctx, haki.IncidentFilter{})
		if len(list) != 0 {
			t.Errorf("a failed write left %d incidents", len(list))
		}
	})
}

func TestActsReadBackWithConsequences(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := storetest.As(storetest.MustUser(t, s, "dm", haki.RoleDataManager, ""))
		inc := mustIncident(t, s, ctx, "Two victims", "KE-047", "2024-06-25")
		want := map[string][]string{}
		for i, cons := range [][]string{{"death", "gunshot_wound"}, {"fracture"}, nil} {
			p := &haki.Person{FullName: "Victim " + string(rune('A'+i)), Sex: "male"}
			if err := s.CreatePerson(ctx, p); err != nil {
				t.Fatal(err)
			}
			a := &haki.Act{IncidentID: inc.ID, VictimID: p.ID, ActType: "killing", VictimStatus: "killed", Consequences: cons}
			if err := s.CreateAct(ctx, a); err != nil {
				t.Fatal(err)
			}
			want[a.ID] = cons
		}
		acts, err := s.FindActs(ctx, inc.ID)
		if err != nil || len(acts) != 3 {
			t.Fatalf("acts: %d, %v", len(acts), err)
		}
		for _, a := range acts {
			if strings.Join(a.Consequences, ",") != strings.Join(want[a.ID], ",") {
				t.Errorf("act %s consequences %v, want %v", a.VictimName, a.Consequences, want[a.ID])
			}
		}
		one, err := s.FindActByID(ctx, acts[0].ID)
		if err != nil || strings.Join(one.Consequences, ",") != strings.Join(want[one.ID], ",") {
			t.Errorf("FindActByID consequences %v, %v", one.Consequences, err)
		}
	})
}

// TestReferenceYearIsNairobis: a reference carries the year it is in
// Nairobi when the record is made, which starts three hours before UTC's.
func TestReferenceYearIsNairobis(t *testing.T) {
	s := storetest.Open(t)
	ctx := storetest.As(storetest.MustUser(t, s, "dm", haki.RoleDataManager, ""))
	for _, tc := range []struct {
		now  time.Time
		want string
	}{
		{time.Date(2026, 12, 31, 20, 59, 0, 0, time.UTC), "INC-2026-000001"},
		{time.Date(2026, 12, 31, 21, 0, 0, 0, time.UTC), "INC-2027-000001"},
		{time.Date(2027, 1, 1, 0, 5, 0, 0, time.UTC), "INC-2027-000002"},
	} {
		s.Now = func() time.Time { return tc.now }
		if inc := mustIncident(t, s, ctx, "Shooting in Kayole", "KE-047", "2024-06-25"); inc.Ref != tc.want {
			t.Errorf("at %s: ref %s, want %s", tc.now, inc.Ref, tc.want)
		}
	}
}
