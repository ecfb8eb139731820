package store_test

import (
	"context"
	"errors"
	"io"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// countRows counts the rows of a table, for checks that nothing was
// written or duplicated.
func countRows(tb testing.TB, s *store.Store, table string) int {
	tb.Helper()
	var n int
	if err := s.DB().QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
		tb.Fatal(err)
	}
	return n
}

func wantCounts(tb testing.TB, res *haki.BatchResult, created, updated, unchanged, rejected int) {
	tb.Helper()
	if res.Created != created || res.Updated != updated || res.Unchanged != unchanged || res.Rejected != rejected {
		tb.Errorf("created %d updated %d unchanged %d rejected %d, want %d %d %d %d", res.Created, res.Updated, res.Unchanged, res.Rejected,
			created, updated, unchanged, rejected)
	}
}

func TestBatchCreateRerunUpdate(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		ctx := storetest.As(storetest.MustUser(t, s, "dm", haki.RoleDataManager, ""))
		res, err := s.ApplyBatch(ctx, storetest.Batch("test-list", 3), store.BatchOptions{})
		if err != nil {
			t.Fatal(err, res.Rows)
		}
		wantCounts(t, res, 3, 0, 0, 0)
		if !res.Committed || res.Rows[2].ID == "" || res.Rows[2].Ref == "" || res.Rows[2].Index != 2 {
			t.Errorf("result %+v", res)
		}
		for table, want := range map[string]int{"incidents": 3, "persons": 3, "acts": 3, "involvements": 3, "involvement_outcomes": 3, "sources": 3} {
			if n := countRows(t, s, table); n != want {
				t.Errorf("%s: %d rows, want %d", table, n, want)
			}
		}
		acts, err := s.FindActs(ctx, res.Rows[1].ID)
		if err != nil || len(acts) != 1 || acts[0].VictimName != "Victim Number 1" || len(acts[0].Involvements) != 1 ||
			len(acts[0].Involvements[0].Outcomes) != 1 {
			t.Fatalf("acts of row 1: %+v, %v", acts, err)
		}
		inc, err := s.FindIncidentByID(ctx, res.Rows[1].ID)
		if err != nil || inc.VictimCount != 1 || inc.Title != "Shooting 1" {
			t.Fatalf("incident: %+v, %v", inc, err)
		}

		// The same batch again changes nothing.
		res, err = s.ApplyBatch(ctx, storetest.Batch("test-list", 3), store.BatchOptions{})
		if err != nil {
			t.Fatal(err)
		}
		wantCounts(t, res, 0, 0, 3, 0)

		// One row changed, one source dropped: updated in place, no duplicate.
		b := storetest.Batch("test-list", 4)
		b.Incidents[1].Incident.Title = "Shooting one"
		b.Incidents[1].Persons[0].Person.FullName = "Victim One"
		b.Incidents[1].Sources = nil
		res, err = s.ApplyBatch(ctx, b, store.BatchOptions{})
		if err != nil {
			t.Fatal(err)
		}
		wantCounts(t, res, 1, 1, 2, 0)
		if res.Rows[1].ID != inc.ID || res.Rows[1].Action != haki.BatchUpdated || res.Rows[1].Ref != inc.Ref || res.Rows[0].Ref == "" {
			t.Errorf("row 1: %+v, want updated %s", res.Rows[1], inc.ID)
		}
		for table, want := range map[string]int{"incidents": 4, "persons": 4, "acts": 4, "sources": 3} {
			if n := countRows(t, s, table); n != want {
				t.Errorf("%s: %d rows, want %d", table, n, want)
			}
		}
		after, err := s.FindActs(ctx, inc.ID)
		if err != nil || len(after) != 1 || after[0].ID != acts[0].ID || after[0].VictimName != "Victim One" ||
			after[0].Involvements[0].ID != acts[0].Involvements[0].ID {
			t.Fatalf("acts after update: %+v, %v", after, err)
		}
		inc, err = s.FindIncidentByID(ctx, inc.ID)
		if err != nil || inc.Title != "Shooting one" || inc.Version != 2 {
			t.Fatalf("incident after update: %+v, %v", inc, err)
		}

		// Another system's ids are its own: the same rows are new to it.
		res, err = s.ApplyBatch(ctx, storetest.Batch("other-list", 1), store.BatchOptions{DryRun: true})
		if err != nil {
			t.Fatal(err)
		}
		wantCounts(t, res, 1, 0, 0, 0)
	})
}

func TestBatchAllOrNothingValidOnlyDryRun(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		ctx := storetest.As(storetest.MustUser(t, s, "admin", haki.RoleAdmin, ""))
		bad := func() haki.Batch {
			b := storetest.Batch("test-list", 3)
			b.Incidents[1].Incident.CountyCode = "KE-999"
			b.Incidents[1].Persons[0].Person.Sex = "robot"
			b.Incidents[2].Acts[0].Victim = "nobody"
			return b
		}
		res, err := s.ApplyBatch(ctx, bad(), store.BatchOptions{})
		if haki.ErrorCode(err) != haki.EINVALID || res == nil {
			t.Fatalf("all or nothing: %v, %+v", err, res)
		}
		wantCounts(t, res, 1, 0, 0, 2)
		if res.Committed {
			t.Error("committed")
		}
		p := res.Rows[1].Problems
		if p["incident.county_code"] == "" || p["persons[0].person.sex"] == "" || res.Rows[2].Problems["acts[0].victim"] == "" {
			t.Errorf("problems %v %v", p, res.Rows[2].Problems)
		}
		if n := countRows(t, s, "incidents") + countRows(t, s, "persons") + countRows(t, s, "batch_records"); n != 0 {
			t.Errorf("%d rows written by a refused batch", n)
		}

		res, err = s.ApplyBatch(ctx, bad(), store.BatchOptions{DryRun: true})
		if err != nil || !res.DryRun || res.Committed {
			t.Fatalf("dry run: %v, %+v", err, res)
		}
		wantCounts(t, res, 1, 0, 0, 2)
		if n := countRows(t, s, "incidents") + countRows(t, s, "persons"); n != 0 {
			t.Errorf("%d rows written by a dry run", n)
		}

		res, err = s.ApplyBatch(ctx, bad(), store.BatchOptions{ValidOnly: true})
		if err != nil || !res.Committed {
			t.Fatalf("valid only: %v, %+v", err, res)
		}
		wantCounts(t, res, 1, 0, 0, 2)
		if n := countRows(t, s, "incidents"); n != 1 {
			t.Errorf("%d incidents after valid only, want 1", n)
		}
		var after string
		if err := s.DB().QueryRow(`SELECT after_json FROM audit_log WHERE action = 'load' AND entity = 'batch'`).Scan(&after); err != nil {
			t.Fatalf("audit: %v", err)
		}
		if want := `{"system":"test-list","created":1,"updated":0,"unchanged":0,"rejected":2,"persons_created":1}`; after != want {
			t.Errorf("audit %s, want %s", after, want)
		}
	})
}

func TestBatchPermissions(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		for _, role := range haki.Roles {
			ctx := storetest.As(storetest.MustUser(t, s, "u-"+string(role), role, ""))
			_, err := s.ApplyBatch(ctx, storetest.Batch("test-list", 1), store.BatchOptions{DryRun: true})
			want := ""
			if role != haki.RoleAdmin && role != haki.RoleDataManager {
				want = haki.EFORBIDDEN
			}
			if haki.ErrorCode(err) != want {
				t.Errorf("%s: %v, want %q", role, err, want)
			}
		}
		if _, err := s.ApplyBatch(context.Background(), storetest.Batch("test-list", 1), store.BatchOptions{}); haki.ErrorCode(err) != haki.EUNAUTHORIZED && haki.ErrorCode(err) != haki.EFORBIDDEN {
			t.Errorf("no user: %v", err)
		}
	})
}

func TestBatchStreamCancelled(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		ctx, cancel := context.WithCancel(storetest.As(storetest.MustUser(t, s, "dm", haki.RoleDataManager, "")))
		defer cancel()
		i, progress := 0, 0
		next := func() (*haki.BatchIncident, error) {
			if i == 1200 {
				return nil, io.EOF
			}
			if i == 700 {
				cancel() // the importer's user pressed Cancel
			}
			bi := storetest.BatchIncident(i)
			i++
			return &bi, nil
		}
		_, err := s.ApplyBatchStream(ctx, "test-list", next, store.BatchOptions{Progress: func(done int) { progress = done }})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled stream: %v", err)
		}
		if progress != 500 {
			t.Errorf("progress %d, want 500", progress)
		}
		if n := countRows(t, s, "incidents") + countRows(t, s, "persons"); n != 0 {
			t.Errorf("%d rows written by a cancelled batch", n)
		}

		// A victim named in a later row, across chunks, is the same person.
		i = 0
		next = func() (*haki.BatchIncident, error) {
			if i == 600 {
				return nil, io.EOF
			}
			bi := storetest.BatchIncident(i)
			if i >= 550 {
				bi.Persons, bi.Acts[0].Victim = nil, "p1"
			}
			i++
			return &bi, nil
		}
		var last haki.BatchRow
		res, err := s.ApplyBatchStream(storetest.As(storetest.MustUser(t, s, "dm2", haki.RoleDataManager, "")), "test-list", next,
			store.BatchOptions{OnRow: func(row haki.BatchRow) { last = row }})
		if err != nil {
			t.Fatal(err)
		}
		wantCounts(t, res, 600, 0, 0, 0)
		if len(res.Rows) != 0 || last.Index != 599 || last.ExternalID != "row-599" || last.ID == "" {
			t.Errorf("rows kept %d, last given %+v", len(res.Rows), last)
		}
		if n := countRows(t, s, "persons"); n != 550 {
			t.Errorf("%d persons, want 550", n)
		}
	})
}

// TestBatchRerunAfterEdits runs a batch again after the records were edited
// and deleted in Haki: an edited incident is written again (updated), a
// deleted one is recreated, a victim shared by two incidents stays one
// person.
func TestBatchRerunAfterEdits(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		ctx := storetest.As(storetest.MustUser(t, s, "admin", haki.RoleAdmin, ""))
		b := storetest.Batch("test-list", 3)
		// The victim of row 0 is also a victim in row 2.
		b.Incidents[2].Acts = append(b.Incidents[2].Acts, haki.BatchAct{ExternalID: "second", Victim: "p0",
			Act: haki.Act{ActType: "killing", VictimStatus: "killed"}})
		b.Incidents[2].Involvements[0].Act = "0" // two acts: say whose perpetrator
		res, err := s.ApplyBatch(ctx, b, store.BatchOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if n := countRows(t, s, "persons"); n != 3 {
			t.Errorf("%d persons, want 3", n)
		}
		inc, err := s.FindIncidentByID(ctx, res.Rows[2].ID)
		if err != nil || inc.VictimCount != 2 {
			t.Fatalf("row 2: %+v %v", inc, err)
		}
		// Someone edits row 0 in Haki and deletes row 1.
		edited, err := s.FindIncidentByID(ctx, res.Rows[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		edited.Title = "Edited by hand"
		if err := s.UpdateIncident(ctx, edited); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteIncident(ctx, res.Rows[1].ID); err != nil {
			t.Fatal(err)
		}
		again, err := s.ApplyBatch(ctx, b, store.BatchOptions{})
		if err != nil {
			t.Fatal(err)
		}
		wantCounts(t, again, 1, 1, 1, 0)
		if again.Rows[0].Action != haki.BatchUpdated || again.Rows[0].ID != res.Rows[0].ID ||
			again.Rows[1].Action != haki.BatchCreated || again.Rows[1].ID == res.Rows[1].ID || again.Rows[2].Action != haki.BatchUnchanged {
			t.Errorf("rows %+v", again.Rows)
		}
		if inc, err := s.FindIncidentByID(ctx, res.Rows[0].ID); err != nil || inc.Title != "Shooting 0" {
			t.Errorf("row 0 after the re-run: %+v %v", inc, err)
		}
		if n := countRows(t, s, "incidents"); n != 3 {
			t.Errorf("%d incidents, want 3", n)
		}
		if n := countRows(t, s, "persons"); n != 3 {
			t.Errorf("%d persons, want 3 (the deleted incident's victim stays and is found again)", n)
		}
		// Twice the same external id in one batch.
		b = storetest.Batch("test-list", 2)
		b.Incidents[1].ExternalID = b.Incidents[0].ExternalID
		res, err = s.ApplyBatch(ctx, b, store.BatchOptions{DryRun: true})
		if err != nil || res.Rows[1].Problems["external_id"] == "" {
			t.Errorf("an external id twice: %+v %v", res, err)
		}
	})
}
