package api_test

import (
	"net/http"
	"testing"

	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// TestFailedWritesLeaveNothing checks that a refused write changes nothing:
// no record, no half of one, no new version.
func TestFailedWritesLeaveNothing(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		count := func(path string) int {
			t.Helper()
			res := w.do(t, "GET", path+"?limit=200", "admin", "")
			if res.status != http.StatusOK {
				t.Fatalf("list %s: %d", path, res.status)
			}
			return len(res.items(t))
		}
		// changes counts the audit log's entries other than views: every read
		// of names records one.
		changes := func() int {
			t.Helper()
			n := 0
			for _, e := range w.do(t, "GET", "/api/v1/audit?limit=200", "admin", "").items(t) {
				if e["action"] != "view" {
					n++
				}
			}
			return n
		}
		incidents, cases, persons := count("/api/v1/incidents"), count("/api/v1/cases"), count("/api/v1/persons")
		audit := changes()
		for _, tc := range []struct{ name, method, path, body string }{
			{"incident unknown type", "POST", "/api/v1/incidents", `{"title": "x", "types": ["torture", "nope"], "occurred": "2020", "county_code": "KE-047"}`},
			{"incident bad subcounty", "POST", "/api/v1/incidents", `{"title": "x", "types": ["torture"], "occurred": "2020", "county_code": "KE-047", "subcounty_code": "KE-001-01"}`},
			{"case with unknown incident", "POST", "/api/v1/cases", `{"client_id": "{spare_person}", "client_relation": "survivor", "intake_date": "2024-02-01", "intake_channel": "walk_in", "incident_ids": ["{incident}", "no-such-incident"]}`},
			{"case with unknown assignee", "POST", "/api/v1/cases", `{"client_id": "{spare_person}", "client_relation": "survivor", "intake_date": "2024-02-01", "intake_channel": "walk_in", "assignee_ids": ["nobody"]}`},
			{"person bad phone", "POST", "/api/v1/persons", `{"full_name": "Someone", "phone": "call me"}`},
			{"stale incident", "PUT", "/api/v1/incidents/{incident}", `{"title": "Changed", "types": ["cidt"], "occurred": "2021", "county_code": "KE-001", "version": 7}`},
			{"duplicate user", "POST", "/api/v1/users", `{"username": "admin", "role": "admin", "password": "long enough password", "current_password": "correct horse battery"}`},
		} {
			res := w.do(t, tc.method, tc.path, "admin", tc.body)
			if res.status < 400 || res.status >= 500 {
				t.Errorf("%s: status %d, want a 4xx: %s", tc.name, res.status, res.raw)
			}
		}
		if n := changes(); n != audit {
			t.Errorf("%d audit entries, want %d", n, audit)
		}
		if n := count("/api/v1/incidents"); n != incidents {
			t.Errorf("%d incidents, want %d", n, incidents)
		}
		if n := count("/api/v1/cases"); n != cases {
			t.Errorf("%d cases, want %d", n, cases)
		}
		if n := count("/api/v1/persons"); n != persons {
			t.Errorf("%d persons, want %d", n, persons)
		}
		res := w.do(t, "GET", "/api/v1/incidents/{incident}", "admin", "")
		if res.body["version"] != float64(1) || res.body["title"] != "Beating at Kilimani station" || res.body["county_code"] != "KE-047" {
			t.Errorf("incident changed by a refused update: %s", res.raw)
		}
	})
}
