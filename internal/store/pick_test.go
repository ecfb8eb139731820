package store_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

func refsOf[T any](xs []T, ref func(T) string) []string {
	out := []string{}
	for _, x := range xs {
		out = append(out, ref(x))
	}
	slices.Sort(out)
	return out
}

func sortedRefs(refs ...string) []string {
	out := append([]string{}, refs...)
	slices.Sort(out)
	return out
}

// TestPickOffersOnlyWhatCallerMaySee picks persons, incidents and cases by
// a word of a name (spelled roughly alike), an ID or phone number and all
// or part of a reference, as each role, and checks a record the caller may
// not see is never offered.
func TestPickOffersOnlyWhatCallerMaySee(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		dm := storetest.As(w.dm)
		achieng := &haki.Person{FullName: "Achieng Otieno", NationalID: "23456789", Phone: "0712 345 678"}
		if err := s.CreatePerson(dm, achieng); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateAct(dm, &haki.Act{IncidentID: w.incB.ID, VictimID: achieng.ID, ActType: "torture", VictimStatus: "injured"}); err != nil {
			t.Fatal(err)
		}
		pickPersons := func(u *haki.User, text string) []string {
			ps, err := s.PickPersons(storetest.As(u), text)
			if err != nil {
				t.Fatalf("PickPersons(%s, %q): %v", u.Username, text, err)
			}
			return refsOf(ps, func(p *haki.Person) string { return p.Ref })
		}
		pickIncidents := func(u *haki.User, text string) []string {
			is, err := s.PickIncidents(storetest.As(u), text)
			if err != nil {
				t.Fatalf("PickIncidents(%s, %q): %v", u.Username, text, err)
			}
			return refsOf(is, func(i *haki.Incident) string { return i.Ref })
		}
		pickCases := func(u *haki.User, text string) []string {
			cs, err := s.PickCases(storetest.As(u), text)
			if err != nil {
				t.Fatalf("PickCases(%s, %q): %v", u.Username, text, err)
			}
			return refsOf(cs, func(c *haki.Case) string { return c.Ref })
		}
		all := sortedRefs(w.clientA.Ref, w.clientSensitive.Ref, w.clientB.Ref)
		for _, tc := range []struct {
			name string
			got  []string
			want []string
		}{
			{"name, data manager", pickPersons(w.dm, "client"), all},
			{"name spelled roughly alike", pickPersons(w.dm, "Achyeng"), []string{achieng.Ref}},
			{"ID number", pickPersons(w.dm, "23456789"), []string{achieng.Ref}},
			{"phone number", pickPersons(w.dm, "+254712345678"), []string{achieng.Ref}},
			{"reference", pickPersons(w.dm, achieng.Ref), []string{achieng.Ref}},
			{"part of a reference", pickPersons(w.dm, achieng.Ref[len(achieng.Ref)-6:]), []string{achieng.Ref}},
			{"nothing typed", pickPersons(w.dm, "  "), []string{}},
			{"teammate misses the sensitive client", pickPersons(w.cwA2, "client"), sortedRefs(w.clientA.Ref, w.clientB.Ref)},
			{"teammate misses the sensitive client by reference", pickPersons(w.cwA2, w.clientSensitive.Ref), []string{}},
			{"assigned caseworker sees the sensitive client", pickPersons(w.cwA, "sensitive"), []string{w.clientSensitive.Ref}},
			{"professional sees only their cases' persons", pickPersons(w.prof, "client"), []string{w.clientB.Ref}},
			{"professional sees the victim in their case", pickPersons(w.prof, "otieno"), []string{achieng.Ref}},
			{"monitor sees only their own", pickPersons(w.mon, "client"), []string{}},
			{"monitor's victim", pickPersons(w.mon, "victim"), []string{w.monVictim.Ref}},
			{"incident by victim's name", pickIncidents(w.dm, "achieng"), []string{w.incB.Ref}},
			{"incident by reference", pickIncidents(w.dm, w.incA.Ref), []string{w.incA.Ref}},
			{"incident by part of a reference", pickIncidents(w.cwB, w.incA.Ref[4:]), []string{w.incA.Ref}},
			{"incident by victim's phone", pickIncidents(w.cwB, "0712345678"), []string{w.incB.Ref}},
			{"teammate misses the sensitive incident", pickIncidents(w.cwA2, w.incSensitive.Ref), []string{}},
			{"professional sees only their cases' incidents", pickIncidents(w.prof, w.incA.Ref), []string{}},
			{"professional's incident", pickIncidents(w.prof, "achieng"), []string{w.incB.Ref}},
			{"case by client's name", pickCases(w.dm, "client"), sortedRefs(w.caseA.Ref, w.caseASensitive.Ref, w.caseB.Ref)},
			{"case by reference", pickCases(w.cwA, w.caseA.Ref), []string{w.caseA.Ref}},
			{"teammate misses the sensitive case", pickCases(w.cwA2, "client"), []string{w.caseA.Ref}},
			{"professional sees only their cases", pickCases(w.prof, "client"), []string{w.caseB.Ref}},
			{"other team's case is not offered", pickCases(w.cwA, w.caseB.Ref), []string{}},
		} {
			if !slices.Equal(tc.got, tc.want) {
				t.Errorf("%s: got %v, want %v", tc.name, tc.got, tc.want)
			}
		}
		for _, u := range []*haki.User{w.res, w.view} {
			if _, err := s.PickPersons(storetest.As(u), "client"); haki.ErrorCode(err) != haki.EFORBIDDEN {
				t.Errorf("%s picks persons: %v, want forbidden", u.Role, err)
			}
			if _, err := s.PickCases(storetest.As(u), "client"); haki.ErrorCode(err) != haki.EFORBIDDEN {
				t.Errorf("%s picks cases: %v, want forbidden", u.Role, err)
			}
		}
		if _, err := s.PickPersons(context.Background(), "client"); haki.ErrorCode(err) != haki.EUNAUTHORIZED {
			t.Errorf("anonymous: %v", err)
		}
	})
}

// TestPickRecordsWhatItReveals checks a pick that shows names leaves a
// "view" entry naming the persons it showed.
func TestPickRecordsWhatItReveals(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		before := len(viewEntries(t, s, w.prof))
		ctx, rv := store.WithReveals(storetest.As(w.prof), "POST /pick/{kind}")
		if _, err := s.PickPersons(ctx, "client"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.PickCases(ctx, "client"); err != nil {
			t.Fatal(err)
		}
		if err := s.RecordReveals(ctx, rv); err != nil {
			t.Fatal(err)
		}
		added := viewEntries(t, s, w.prof)[before:]
		if len(added) != 1 || added[0].Entity != "person" {
			t.Fatalf("entries %+v, want one for persons", added)
		}
		var v struct {
			IDs []string `json:"ids"`
		}
		if err := json.Unmarshal([]byte(added[0].After), &v); err != nil || !slices.Equal(v.IDs, []string{w.clientB.ID}) {
			t.Errorf("revealed %v (%v), want only %s", v.IDs, err, w.clientB.ID)
		}
	})
}

// TestFindPersonRecords lists a person's incidents, with their part, and
// cases, only those the reader may see.
func TestFindPersonRecords(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		dm := storetest.As(w.dm)
		// Client A is also a victim in incident B and a witness in the sensitive one.
		act := &haki.Act{IncidentID: w.incB.ID, VictimID: w.clientA.ID, ActType: "torture", VictimStatus: "injured"}
		if err := s.CreateAct(dm, act); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateSource(dm, &haki.Source{IncidentID: w.incSensitive.ID, Kind: "witness", PersonID: w.clientA.ID, Reliability: "confirmed"}); err != nil {
			t.Fatal(err)
		}
		type part struct{ ref, role, kind string }
		parts := func(u *haki.User) ([]part, []string) {
			rec, err := s.FindPersonRecords(storetest.As(u), w.clientA.ID)
			if err != nil {
				t.Fatalf("%s: %v", u.Username, err)
			}
			var ps []part
			for _, pi := range rec.Incidents {
				ps = append(ps, part{pi.IncidentRef, pi.Role, pi.Kind})
			}
			slices.SortFunc(ps, func(a, b part) int {
				if a.ref < b.ref {
					return -1
				} else if a.ref > b.ref {
					return 1
				}
				return 0
			})
			return ps, refsOf(rec.Cases, func(c *haki.Case) string { return c.Ref })
		}
		want := []part{{w.incB.Ref, "victim", "torture"}, {w.incSensitive.Ref, "source", "witness"}}
		slices.SortFunc(want, func(a, b part) int {
			if a.ref < b.ref {
				return -1
			}
			return 1
		})
		if ps, cs := parts(w.dm); !slices.Equal(ps, want) || !slices.Equal(cs, []string{w.caseA.Ref}) {
			t.Errorf("data manager: %v %v", ps, cs)
		}
		if ps, cs := parts(w.cwA2); !slices.Equal(ps, []part{{w.incB.Ref, "victim", "torture"}}) || !slices.Equal(cs, []string{w.caseA.Ref}) {
			t.Errorf("teammate: %v %v, want no sensitive incident", ps, cs)
		}
		if ps, cs := parts(w.cwB); len(ps) != 1 || len(cs) != 0 {
			t.Errorf("other team: %v %v, want incident B only, no case", ps, cs)
		}
		if _, err := s.FindPersonRecords(storetest.As(w.prof), w.clientA.ID); err != nil {
			// Client A is a victim in incident B, the professional's case: they see them.
			t.Errorf("professional: %v", err)
		}
		if _, err := s.FindPersonRecords(storetest.As(w.mon), w.clientA.ID); haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Errorf("monitor: %v, want not found", err)
		}
		if _, err := s.FindPersonRecords(storetest.As(w.res), w.clientA.ID); haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Errorf("researcher: %v, want not found", err)
		}
	})
}
