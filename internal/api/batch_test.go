package api_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// batchBody returns a batch of n rows of storetest.BatchIncident as JSON,
// changed by edit.
func batchBody(n int, edit func(*haki.Batch)) string {
	b := storetest.Batch("api-test", n)
	if edit != nil {
		edit(&b)
	}
	return mustJSON(b)
}

func countIncidents(t *testing.T, s *store.Store) int {
	t.Helper()
	var n int
	if err := s.DB().QueryRow(`SELECT COUNT(*) FROM incidents`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestBatch sends batches as a program would: all or nothing, valid only,
// a dry run, the same batch again, and malformed ones.
func TestBatch(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		before := countIncidents(t, s)
		bad := func(b *haki.Batch) {
			b.Incidents[1].Incident.CountyCode = "KE-999"
			b.Incidents[2].Persons[0].Person.Sex = "robot"
		}
		for _, sc := range []scenario{
			{name: "all or nothing refused", method: "POST", path: "/api/v1/batch", role: "datamanager", status: 422, body: batchBody(4, bad),
				want: map[string]any{"created": "2", "rejected": "2", "committed": "false", "rows.1.action": "rejected",
					"rows.1.problems": present, "rows.2.problems": present, "rows.0.action": "created"},
				check: func(t *testing.T, w *world, res response) {
					if !strings.Contains(string(res.raw), `"incident.county_code":"Choose a county from the list."`) ||
						!strings.Contains(string(res.raw), `"persons[0].person.sex"`) {
						t.Errorf("problems not named: %s", res.raw)
					}
					if n := countIncidents(t, w.s); n != before {
						t.Errorf("%d incidents after a refused batch, want %d", n, before)
					}
				}},
			{name: "dry run", method: "POST", path: "/api/v1/batch?dry_run=1", role: "admin", status: 200, body: batchBody(4, nil),
				want: map[string]any{"created": "4", "dry_run": "true", "committed": "false", "rows.3.id": nil},
				check: func(t *testing.T, w *world, res response) {
					if n := countIncidents(t, w.s); n != before {
						t.Errorf("%d incidents after a dry run, want %d", n, before)
					}
				}},
			{name: "valid only", method: "POST", path: "/api/v1/batch?valid_only=1", role: "datamanager", status: 200, body: batchBody(4, bad),
				want: map[string]any{"created": "2", "rejected": "2", "committed": "true", "rows.0.id": present, "rows.0.ref": present},
				check: func(t *testing.T, w *world, res response) {
					if n := countIncidents(t, w.s); n != before+2 {
						t.Errorf("%d incidents after valid only, want %d", n, before+2)
					}
				}},
			{name: "again, all valid", method: "POST", path: "/api/v1/batch", role: "datamanager", status: 200, body: batchBody(4, func(b *haki.Batch) {
				b.Incidents[0].Incident.Title = "Shooting zero"
			}), want: map[string]any{"created": "2", "updated": "1", "unchanged": "1", "rows.0.action": "updated", "rows.1.action": "created", "rows.3.action": "unchanged"},
				check: func(t *testing.T, w *world, res response) {
					if n := countIncidents(t, w.s); n != before+4 {
						t.Errorf("%d incidents, want %d: a re-run duplicated", n, before+4)
					}
				}},
			{name: "caseworker may not", method: "POST", path: "/api/v1/batch", role: "caseworker", status: 403, body: batchBody(1, nil)},
			{name: "bad JSON", method: "POST", path: "/api/v1/batch", role: "datamanager", status: 400, body: `{"system": "x", "incidents": [{`,
				want: map[string]any{"type": "urn:haki:problem:malformed-json"}},
			{name: "unknown field", method: "POST", path: "/api/v1/batch", role: "datamanager", status: 400, body: `{"system": "x", "rows": []}`,
				want: map[string]any{"errors.rows": present}},
			{name: "bad system", method: "POST", path: "/api/v1/batch", role: "datamanager", status: 422, body: `{"system": "My List", "incidents": [{}]}`,
				want: map[string]any{"errors.system": present}},
			{name: "empty", method: "POST", path: "/api/v1/batch", role: "datamanager", status: 422, body: `{"system": "x", "incidents": []}`,
				want: map[string]any{"errors.incidents": present}},
			{name: "bad flag", method: "POST", path: "/api/v1/batch?dry_run=yes", role: "datamanager", status: 400, body: batchBody(1, nil),
				want: map[string]any{"errors.dry_run": present}},
			{name: "too many", method: "POST", path: "/api/v1/batch?dry_run=1", role: "datamanager", status: 422,
				body: fmt.Sprintf(`{"system": "x", "incidents": [%s{}]}`, strings.Repeat("{},", haki.MaxBatchIncidents)),
				want: map[string]any{"errors.incidents": "Send at most 5000 incidents in one batch."}},
		} {
			t.Run(sc.name, func(t *testing.T) { sc.run(t, w) })
		}
	})
}
