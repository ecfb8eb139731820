package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

func TestFeedsAPI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		res := w.do(t, "POST", "/api/v1/feeds", "caseworker", `{"scope": "team", "team_id": "{team_a}"}`)
		path, _ := res.body["path"].(string)
		id, _ := res.body["id"].(string)
		if res.status != http.StatusCreated || !strings.HasPrefix(path, "/feeds/hakical_") || res.body["team_name"] != "Team A" {
			t.Fatalf("create: %d %s", res.status, res.raw)
		}
		if res := w.do(t, "POST", "/api/v1/feeds", "caseworker_b", `{"scope": "team", "team_id": "{team_a}"}`); res.status != http.StatusUnprocessableEntity {
			t.Errorf("another team's calendar: %d %s", res.status, res.raw)
		}
		res = w.do(t, "GET", "/api/v1/feeds", "caseworker", "")
		if res.status != http.StatusOK || strings.Contains(string(res.raw), "hakical_") || !strings.Contains(string(res.raw), id) {
			t.Fatalf("list: %d %s", res.status, res.raw)
		}
		if res := w.do(t, "POST", "/api/v1/feeds/"+id+"/revoke", "caseworker_b", ""); res.status != http.StatusNotFound {
			t.Errorf("revoke someone else's: %d", res.status)
		}
		if res := w.do(t, "POST", "/api/v1/feeds/"+id+"/revoke", "caseworker", ""); res.status != http.StatusNoContent {
			t.Errorf("revoke: %d %s", res.status, res.raw)
		}
		if _, err := s.FindFeed(t.Context(), strings.TrimSuffix(strings.TrimPrefix(path, "/feeds/"), ".ics")); err == nil {
			t.Error("revoked link still opens")
		}
		if res := w.do(t, "GET", "/api/v1/outbox?channel=pigeon", "admin", ""); res.status != http.StatusUnprocessableEntity {
			t.Errorf("bad channel: %d", res.status)
		}
		if res := w.do(t, "GET", "/api/v1/outbox?status=queued", "admin", ""); res.status != http.StatusOK {
			t.Errorf("outbox: %d %s", res.status, res.raw)
		}
	})
}
