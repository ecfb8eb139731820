package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// TestStoryAPI: a caseworker writes a story on their case; only a data
// manager publishes it, and only with the client's publication consent; an
// edit takes it off the portal.
func TestStoryAPI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		base := "/api/v1/cases/" + w.ids["case"] + "/stories"
		res := w.do(t, "POST", base, "caseworker", `{"title": "Home again", "body": "He came home after two years."}`)
		if res.status != http.StatusCreated || res.body["published"] != false || res.body["version"] != float64(1) {
			t.Fatalf("create: %d %s", res.status, res.raw)
		}
		id := res.body["id"].(string)
		one := base + "/" + id
		if res := w.do(t, "POST", base, "caseworker", `{"title": "", "body": ""}`); res.status != http.StatusUnprocessableEntity {
			t.Errorf("empty story: %d", res.status)
		}
		if res := w.do(t, "POST", one+"/publish", "caseworker", `{"version": 1}`); res.status != http.StatusForbidden {
			t.Errorf("caseworker publishes: %d", res.status)
		}
		res = w.do(t, "POST", one+"/publish", "datamanager", `{"version": 1}`)
		if res.status != http.StatusUnprocessableEntity || !strings.Contains(string(res.raw), "consent") {
			t.Fatalf("publish without consent: %d %s", res.status, res.raw)
		}
		if res := w.do(t, "POST", "/api/v1/cases/"+w.ids["case"]+"/consents", "caseworker",
			`{"purpose": "publication", "decision": "given", "decided_on": "2024-01-10", "method": "verbal", "language": "sw"}`); res.status != http.StatusCreated {
			t.Fatalf("consent: %d %s", res.status, res.raw)
		}
		res = w.do(t, "POST", one+"/publish", "datamanager", `{"version": 1}`)
		if res.status != http.StatusOK || res.body["on_portal"] != true || !strings.HasPrefix(res.body["ref"].(string), "STORY-") {
			t.Fatalf("publish: %d %s", res.status, res.raw)
		}
		res = w.do(t, "PUT", one, "caseworker", `{"title": "Home again", "body": "Changed.", "version": 1}`)
		if res.status != http.StatusOK || res.body["published"] != false || res.body["version"] != float64(2) {
			t.Fatalf("edit: %d %s", res.status, res.raw)
		}
		res = w.do(t, "GET", base, "admin", "")
		if res.status != http.StatusOK || !strings.Contains(string(res.raw), "Changed.") {
			t.Fatalf("list: %d %s", res.status, res.raw)
		}
		if res := w.do(t, "DELETE", one+"?version=1", "caseworker", ""); res.status != http.StatusConflict {
			t.Errorf("stale delete: %d", res.status)
		}
		if res := w.do(t, "DELETE", one+"?version=2", "caseworker", ""); res.status != http.StatusNoContent {
			t.Errorf("delete: %d %s", res.status, res.raw)
		}
		if res := w.do(t, "GET", one, "caseworker", ""); res.status != http.StatusNotFound {
			t.Errorf("deleted story: %d", res.status)
		}
	})
}
