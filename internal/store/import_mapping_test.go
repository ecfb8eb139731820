package store_test

import (
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

func TestImportMappings(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		dm := storetest.As(storetest.MustUser(t, s, "dm", haki.RoleDataManager, ""))
		m := &haki.ImportMapping{Name: "  Missing  Voices ", Mapping: `{"version":1}`}
		if err := s.SaveImportMapping(dm, m); err != nil {
			t.Fatal(err)
		}
		if m.Name != "Missing Voices" || m.Version != 1 {
			t.Errorf("saved %+v", m)
		}
		again := &haki.ImportMapping{Name: "Missing Voices", Mapping: `{"version":1,"system":"x"}`}
		if err := s.SaveImportMapping(dm, again); err != nil || again.ID != m.ID || again.Version != 2 {
			t.Errorf("replace: %v %+v", err, again)
		}
		list, err := s.FindImportMappings(dm)
		if err != nil || len(list) != 1 || list[0].Mapping != again.Mapping {
			t.Errorf("list %v %+v", err, list)
		}
		if got, err := s.FindImportMappingByID(dm, m.ID); err != nil || got.Name != "Missing Voices" {
			t.Errorf("by id %v %+v", err, got)
		}
		if err := s.SaveImportMapping(dm, &haki.ImportMapping{Name: "x", Mapping: "{"}); haki.ErrorCode(err) != haki.EINVALID {
			t.Errorf("bad JSON: %v", err)
		}
		cw := storetest.As(storetest.MustUser(t, s, "cw", haki.RoleCaseworker, ""))
		if _, err := s.FindImportMappings(cw); haki.ErrorCode(err) != haki.EFORBIDDEN {
			t.Errorf("caseworker list: %v", err)
		}
		if _, err := s.FindImportMappingByID(cw, m.ID); err == nil {
			t.Error("caseworker read a mapping")
		}
		if err := s.SaveImportMapping(cw, &haki.ImportMapping{Name: "y", Mapping: "{}"}); haki.ErrorCode(err) != haki.EFORBIDDEN {
			t.Errorf("caseworker save: %v", err)
		}
	})
}
