package store_test

import (
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// TestPersonDuplicates: a second person with the same national ID number,
// phone, or a name spelled alike with the same sex and birth year is refused
// with the first one's reference, until confirmed as someone else; a
// caseworker is never told of a person hidden from them.
func TestPersonDuplicates(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		dm := storetest.As(storetest.MustUser(t, s, "dm", haki.RoleDataManager, ""))
		first := &haki.Person{FullName: "Wanjiku Njeri Kamau", Sex: "female", NationalID: "22334455", Phone: "0722 111 222",
			BirthDate: haki.MustFuzzyDate("1990-04-02")}
		if err := s.CreatePerson(dm, first); err != nil {
			t.Fatal(err)
		}
		for name, p := range map[string]*haki.Person{
			"same ID number":       {FullName: "W. N. Kamau", Sex: "female", NationalID: "22 334 455"},
			"same phone":           {FullName: "Njeri", Sex: "female", Phone: "+254722111222"},
			"name alike, same age": {FullName: "Wanjiku Njeri Kamau", Sex: "female", BirthDate: haki.MustFuzzyDate("1991")},
		} {
			err := s.CreatePerson(dm, p)
			if haki.ErrorCode(err) != haki.ECONFLICT || !strings.Contains(haki.ErrorMessage(err), first.Ref) {
				t.Errorf("%s: %v", name, err)
			}
			p.DuplicateOK = true
			if err := s.CreatePerson(dm, p); err != nil {
				t.Errorf("%s, confirmed: %v", name, err)
			}
		}
		other := &haki.Person{FullName: "Wanjiku Njeri Kamau", Sex: "female", BirthDate: haki.MustFuzzyDate("1975")}
		if err := s.CreatePerson(dm, other); err != nil {
			t.Errorf("the same name thirty years apart: %v", err)
		}
	})
}
