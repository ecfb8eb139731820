package store_test

import (
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// TestBatchAfterMerge: two rows of a list that were the same killing are
// merged in Haki; the list loaded again updates the survivor and makes
// neither the merged incident nor the merged victim anew.
func TestBatchAfterMerge(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := storetest.As(storetest.MustUser(t, s, "dm", haki.RoleDataManager, ""))
		b := storetest.Batch("list", 2)
		res, err := s.ApplyBatch(ctx, b, store.BatchOptions{})
		if err != nil || res.Created != 2 {
			t.Fatalf("first load: %+v %v", res, err)
		}
		inc0, inc1 := res.Rows[0].ID, res.Rows[1].ID
		acts, err := s.FindActs(ctx, inc1)
		if err != nil || len(acts) != 1 {
			t.Fatalf("acts %v %v", acts, err)
		}
		acts0, _ := s.FindActs(ctx, inc0)
		if _, err := s.Merge(ctx, haki.MergeRequest{Kind: haki.DuplicatePerson, SurvivorID: acts0[0].VictimID, MergedID: acts[0].VictimID}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Merge(ctx, haki.MergeRequest{Kind: haki.DuplicateIncident, SurvivorID: inc0, MergedID: inc1}); err != nil {
			t.Fatal(err)
		}
		before, _, err := s.FindIncidents(ctx, haki.IncidentFilter{Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		persons, _, _ := s.FindPersons(ctx, haki.PersonFilter{Limit: 50})
		res, err = s.ApplyBatch(ctx, b, store.BatchOptions{})
		if err != nil || res.Created != 0 {
			t.Fatalf("second load: %+v %v", res, err)
		}
		for _, row := range res.Rows {
			if row.ID != inc0 {
				t.Errorf("row %s wrote %s, want the survivor %s", row.ExternalID, row.ID, inc0)
			}
		}
		after, _, _ := s.FindIncidents(ctx, haki.IncidentFilter{Limit: 50})
		personsAfter, _, _ := s.FindPersons(ctx, haki.PersonFilter{Limit: 50})
		if len(after) != len(before) || len(after) != 1 || len(personsAfter) != len(persons) {
			t.Errorf("incidents %d -> %d, persons %d -> %d", len(before), len(after), len(persons), len(personsAfter))
		}
		if _, err := s.FindIncidentByID(ctx, inc1); haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Errorf("the tombstone reads: %v", err)
		}
	})
}
