package store_test

import (
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

func TestFindByRef(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		dm := storetest.As(storetest.MustUser(t, s, "dm", haki.RoleDataManager, ""))
		res := storetest.As(storetest.MustUser(t, s, "res", haki.RoleResearcher, ""))
		mon := storetest.As(storetest.MustUser(t, s, "mon", haki.RoleMonitor, ""))
		p := &haki.Person{FullName: "Achieng Otieno"}
		if err := s.CreatePerson(dm, p); err != nil {
			t.Fatal(err)
		}
		inc := mustIncident(t, s, dm, "Beating at a station", "KE-047", "2024-06-25")

		if got, err := s.FindPersonByRef(dm, " "+strings.ToLower(p.Ref)); err != nil || got.ID != p.ID {
			t.Errorf("person by ref: %v, %v", got, err)
		}
		if got, err := s.FindIncidentByRef(dm, inc.Ref); err != nil || got.ID != inc.ID {
			t.Errorf("incident by ref: %v, %v", got, err)
		}
		for _, tc := range []struct {
			name string
			err  error
		}{
			{"unknown person", func() error { _, err := s.FindPersonByRef(dm, "PER-1999-000001"); return err }()},
			{"researcher person", func() error { _, err := s.FindPersonByRef(res, p.Ref); return err }()},
			{"monitor not own person", func() error { _, err := s.FindPersonByRef(mon, p.Ref); return err }()},
			{"unknown incident", func() error { _, err := s.FindIncidentByRef(dm, "INC-1999-000001"); return err }()},
			{"monitor not own incident", func() error { _, err := s.FindIncidentByRef(mon, inc.Ref); return err }()},
		} {
			if haki.ErrorCode(tc.err) != haki.ENOTFOUND {
				t.Errorf("%s: err = %v, want not found", tc.name, tc.err)
			}
		}
	})
}
