package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// TestSensitiveCasePersons checks that every person of a sensitive case (its
// client, the victims and the sources of its incidents) is hidden from the
// caseworkers not assigned to it, by id and in lists, unless the person is
// also seen through a route that is not sensitive.
func TestSensitiveCasePersons(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		dm := storetest.As(w.dm)
		person := func(name string) *haki.Person {
			p := &haki.Person{FullName: name, Sex: "female", CountyCode: "KE-047"}
			if err := s.CreatePerson(dm, p); err != nil {
				t.Fatal(err)
			}
			return p
		}
		victim := func(p *haki.Person, inc *haki.Incident) {
			if err := s.CreateAct(dm, &haki.Act{IncidentID: inc.ID, VictimID: p.ID, ActType: "torture", VictimStatus: "injured"}); err != nil {
				t.Fatal(err)
			}
		}
		sensitiveVictim, sharedVictim, witness := person("Sensitive victim"), person("Shared victim"), person("Sensitive witness")
		victim(sensitiveVictim, w.incSensitive)
		victim(sharedVictim, w.incSensitive)
		victim(sharedVictim, w.incA)
		if err := s.CreateSource(dm, &haki.Source{IncidentID: w.incSensitive.ID, Kind: "survivor", Reliability: "confirmed", PersonID: witness.ID}); err != nil {
			t.Fatal(err)
		}
		// The sensitive case's client is also the victim of an incident anyone
		// may see: being its client still hides them.
		victim(w.clientSensitive, w.incB)
		cases := []struct {
			name    string
			who     *haki.User
			p       *haki.Person
			visible bool
		}{
			{"teammate misses the victim", w.cwA2, sensitiveVictim, false},
			{"other team misses the victim", w.cwB, sensitiveVictim, false},
			{"teammate misses the source", w.cwA2, witness, false},
			{"assigned caseworker sees the victim", w.cwA, sensitiveVictim, true},
			{"assigned caseworker sees the source", w.cwA, witness, true},
			{"data manager sees the victim", w.dm, sensitiveVictim, true},
			{"a victim of a visible incident stays visible", w.cwA2, sharedVictim, true},
			{"the client stays hidden as a victim elsewhere", w.cwB, w.clientSensitive, false},
			{"ordinary clients stay visible", w.cwB, w.clientA, true},
		}
		// On an incident anyone may see, the hidden client is a victim without
		// a name or reference.
		for _, c := range []struct {
			who  *haki.User
			name string
		}{{w.cwB, ""}, {w.cwA2, ""}, {w.cwA, w.clientSensitive.FullName}, {w.dm, w.clientSensitive.FullName}} {
			acts, err := s.FindActs(storetest.As(c.who), w.incB.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range acts {
				if a.VictimID == w.clientSensitive.ID && (a.VictimName != c.name || (c.name == "") != (a.VictimRef == "")) {
					t.Errorf("%s sees the victim as %q %q, want %q", c.who.Username, a.VictimRef, a.VictimName, c.name)
				}
			}
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				ctx := storetest.As(c.who)
				_, err := s.FindPersonByID(ctx, c.p.ID)
				if c.visible && err != nil {
					t.Fatalf("want visible, got %v", err)
				}
				if !c.visible && haki.ErrorCode(err) != haki.ENOTFOUND {
					t.Fatalf("want not found, got %v", err)
				}
				if listed := listsPerson(t, s, ctx, c.p); listed != c.visible {
					t.Fatalf("listed = %v, want %v", listed, c.visible)
				}
			})
		}
	})
}

// listsPerson reports whether the person list shows p to the caller.
func listsPerson(t *testing.T, s *store.Store, ctx context.Context, p *haki.Person) bool {
	t.Helper()
	ps, _, err := s.FindPersons(ctx, haki.PersonFilter{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	return slices.ContainsFunc(ps, func(x *haki.Person) bool { return x.ID == p.ID })
}

// TestIncidentSearchMatchesShownFields checks that a search matches only
// the fields the caller's role is shown, so a researcher cannot recover a
// hidden place name (or narrative) letter by letter.
func TestIncidentSearchMatchesShownFields(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		inc := &haki.Incident{Title: "Raid", Types: []string{"torture"}, Occurred: haki.MustFuzzyDate("2025-04-01"), CountyCode: "KE-047",
			PlaceName: "Kayole market", Verification: "unverified", Narrative: "Wanjiru Kamau was beaten"}
		if err := s.CreateIncident(storetest.As(w.dm), inc); err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			name, text string
			who        *haki.User
			found      bool
		}{
			{"researcher by place name", "kayo", w.res, false},
			{"researcher by whole place name", "Kayole", w.res, false},
			{"researcher by narrative word", "wanjiru", w.res, false},
			{"researcher by reference", inc.Ref, w.res, true},
			{"caseworker by place name", "kayo", w.cwB, true},
			{"caseworker by narrative word", "wanjiru", w.cwB, true},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				got, _, err := s.FindIncidents(storetest.As(c.who), haki.IncidentFilter{Text: c.text})
				if err != nil {
					t.Fatal(err)
				}
				if found := slices.ContainsFunc(got, func(x *haki.Incident) bool { return x.ID == inc.ID }); found != c.found {
					t.Fatalf("found = %v, want %v", found, c.found)
				}
			})
		}
	})
}
