package api_test

import (
	"context"
	"strings"
	"testing"

	"github.com/haki-kenya/haki/internal/media/mediatest"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// TestPublicReportsAPI: a monitor triages the seeded report from the
// public: the queue shows no names, opening it is audited, and the contact
// log obeys the reporter's wish to be called.
func TestPublicReportsAPI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		res := w.do(t, "GET", "/api/v1/public-reports?status=open", "monitor", "")
		items, _ := res.body["items"].([]any)
		if res.status != 200 || len(items) != 1 || strings.Contains(string(res.raw), "Juma") {
			t.Fatalf("queue: %d %s", res.status, res.raw)
		}
		if res := w.do(t, "GET", "/api/v1/public-reports?status=lost", "monitor", ""); res.status != 422 {
			t.Errorf("bad status filter: %d", res.status)
		}
		m, _, err := s.Evidence(w.evidenceDir).AddPublicReportMedia(context.Background(), "world-report", 0, mediatest.JPEGWithGPS(t))
		if err != nil {
			t.Fatal(err)
		}
		res = w.do(t, "GET", "/api/v1/public-reports/{public_report}", "monitor", "")
		report, _ := res.body["report"].(map[string]any)
		if res.status != 200 || report["account"] != "Juma Otieno was beaten" || res.body["duplicates"] == nil {
			t.Fatalf("open: %d %s", res.status, res.raw)
		}
		media, _ := res.body["media"].([]any)
		if len(media) != 1 || !strings.Contains(string(res.raw), m.Original.SHA256) || !strings.Contains(string(res.raw), `"derived_from":"`+m.Original.ID+`"`) {
			t.Fatalf("media: %s", res.raw)
		}
		checkRevealAudited(t, w, "monitor", res)
		steps := []struct {
			path, body string
			want       int
			field      string
		}{
			{"assign", `{"user_id": "me", "version": 1}`, 204, ""},
			{"assign", `{"user_id": "{user}", "version": 2}`, 422, "assigned_to"}, // a viewer does not triage
			{"status", `{"status": "verified", "version": 2}`, 422, "status"},
			{"status", `{"status": "duplicate", "duplicate_of": "{incident}", "version": 2}`, 422, "duplicate_of"}, // not an incident a monitor sees
			{"status", `{"status": "being_verified", "version": 2}`, 204, ""},
			{"status", `{"status": "rejected", "version": 2}`, 422, "reason"},
			{"notes", `{"text": "Spoke to the chief."}`, 204, ""},
			{"contacts", `{"method": "sms", "outcome": "message_left"}`, 422, "method"},
			{"contacts", `{"method": "call", "outcome": "reached", "note": "Safe to call again."}`, 204, ""},
		}
		for _, st := range steps {
			res := w.do(t, "POST", "/api/v1/public-reports/{public_report}/"+st.path, "monitor", st.body)
			if res.status != st.want || st.field != "" && errorField(res, st.field) == "" {
				t.Errorf("%s %s: %d %s", st.path, st.body, res.status, res.raw)
			}
		}
		res = w.do(t, "GET", "/api/v1/public-reports/{public_report}", "datamanager", "")
		report, _ = res.body["report"].(map[string]any)
		notes, _ := res.body["notes"].([]any)
		contacts, _ := res.body["contacts"].([]any)
		if report["status"] != "being_verified" || report["assigned_to"] != w.users["monitor"].ID || len(notes) != 1 || len(contacts) != 1 {
			t.Errorf("after triage: %s", res.raw)
		}
		if res := w.do(t, "GET", "/api/v1/public-reports/{public_report}", "caseworker", ""); res.status != 404 {
			t.Errorf("caseworker: %d", res.status)
		}
	})
}
