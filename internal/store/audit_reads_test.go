package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

func TestFindIdentityReads(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		day := func(d int) time.Time { return time.Date(2026, 3, d, 9, 0, 0, 0, time.UTC) }
		clock := day(1)
		s.Now = func() time.Time { return clock }
		cw := storetest.As(storetest.MustUser(t, s, "cw", haki.RoleCaseworker, ""))
		pro := storetest.MustUser(t, s, "pro", haki.RoleDataManager, "")
		// view opens the persons as one request would, for purpose.
		view := func(purpose string, ids ...string) {
			t.Helper()
			ctx, rv := store.WithReveals(storetest.As(pro), purpose)
			for _, id := range ids {
				if _, err := s.FindPersonByID(ctx, id); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.RecordReveals(ctx, rv); err != nil {
				t.Fatal(err)
			}
		}
		admin := haki.SystemContext(context.Background())
		var persons []*haki.Person
		for _, name := range []string{"Achieng Otieno", "Brian Kiprotich", "Chebet Wanjiru"} {
			p := &haki.Person{FullName: name, Sex: "unknown"}
			if err := s.CreatePerson(cw, p); err != nil {
				t.Fatal(err)
			}
			persons = append(persons, p)
		}
		clock = day(3)
		view("GET /cases/{id}", persons[1].ID, persons[0].ID, persons[1].ID)
		clock = day(5)
		view("GET /persons", persons[2].ID)
		view("an empty page")

		tests := []struct {
			name     string
			from, to time.Time
			user     string
			want     []string // username/ref/action
		}{
			{"creation day", day(1), day(2), "", []string{"cw " + persons[0].Ref + " create", "cw " + persons[1].Ref + " create", "cw " + persons[2].Ref + " create"}},
			{"one view", day(2), day(4), "", []string{"pro " + persons[0].Ref + " view", "pro " + persons[1].Ref + " view"}},
			{"one account", day(1), day(6), pro.ID, []string{"pro " + persons[0].Ref + " view", "pro " + persons[1].Ref + " view", "pro " + persons[2].Ref + " view"}},
			{"nothing", day(6), day(7), "", nil},
		}
		for _, tc := range tests {
			reads, err := s.FindIdentityReads(admin, tc.from, tc.to, tc.user)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range reads {
				got = append(got, r.Username+" "+r.PersonRef+" "+r.Action)
			}
			if !equalSorted(got, tc.want) {
				t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
			}
		}
		if _, err := s.FindIdentityReads(cw, day(1), day(7), ""); haki.ErrorCode(err) != haki.EFORBIDDEN {
			t.Errorf("a caseworker asking: %v", err)
		}
		if _, err := s.FindIdentityReads(admin, day(7), day(1), ""); haki.ErrorCode(err) != haki.EINVALID {
			t.Errorf("a reversed window: %v", err)
		}
	})
}

func equalSorted(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]int{}
	for _, s := range a {
		seen[s]++
	}
	for _, s := range b {
		if seen[s]--; seen[s] < 0 {
			return false
		}
	}
	return true
}
