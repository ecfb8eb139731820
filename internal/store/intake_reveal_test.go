package store_test

import (
	"encoding/json"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// An unfinished intake holds, sealed, what was typed about a new client
// (name, phone, ID number) and the incident's story: opening it is a view of
// identities like any other, for its author and for an administrator.
func TestIntakeDraftReadsAreRecorded(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		d := &haki.IntakeDraft{Step: 2, Data: `{"new_client": true, "person": {"full_name": "Zawadi Kamau", "phone": "0712345678"}}`}
		if err := s.CreateIntakeDraft(storetest.As(w.cwA), d); err != nil {
			t.Fatal(err)
		}
		for name, who := range map[string]*haki.User{"author": w.cwA, "administrator": w.admin} {
			t.Run(name, func(t *testing.T) {
				before := len(viewEntries(t, s, who))
				ctx, rv := store.WithReveals(storetest.As(who), "GET /intakes/{id}")
				if _, err := s.FindIntakeDraft(ctx, d.ID); err != nil {
					t.Fatal(err)
				}
				if err := s.RecordReveals(ctx, rv); err != nil {
					t.Fatal(err)
				}
				var found bool
				for _, e := range viewEntries(t, s, who)[before:] {
					var v struct {
						IDs []string `json:"ids"`
					}
					if err := json.Unmarshal([]byte(e.After), &v); err != nil {
						t.Fatal(err)
					}
					found = found || (e.Entity == "intake_draft" && len(v.IDs) == 1 && v.IDs[0] == d.ID)
				}
				if !found {
					t.Error("no view entry for the draft")
				}
			})
		}
	})
}
