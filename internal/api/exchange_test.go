package api_test

import (
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// TestExchange exports the verified incidents as a signed document and
// sends it back (a dry run, as another instance would import it), trusted,
// untrusted and changed on the way.
func TestExchange(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		res := w.do(t, "POST", "/api/v1/batch", "datamanager", batchBody(2, nil))
		if res.status != 200 {
			t.Fatalf("batch: %d %s", res.status, res.raw)
		}
		// Verify the two incidents, as the data manager does.
		body := batchBody(2, func(b *haki.Batch) {
			for i := range b.Incidents {
				b.Incidents[i].Incident.Verification = "verified"
			}
		})
		if res = w.do(t, "POST", "/api/v1/batch", "datamanager", body); res.status != 200 || res.body["updated"] != 2.0 {
			t.Fatalf("verify: %d %s", res.status, res.raw)
		}
		doc := w.do(t, "GET", "/api/v1/exchange", "admin", "")
		if doc.status != 200 || doc.body["format"] != "haki-exchange/1" || doc.body["signature"] == "" {
			t.Fatalf("export: %d %.300s", doc.status, doc.raw)
		}
		instance := doc.body["instance"].(string)
		incidents := doc.body["batch"].(map[string]any)["incidents"].([]any)
		if len(incidents) < 2 {
			t.Fatalf("%d incidents exported", len(incidents))
		}
		for _, sc := range []scenario{
			{name: "caseworker may not export", method: "GET", path: "/api/v1/exchange", role: "caseworker", status: 403},
			{name: "trusted", method: "POST", path: "/api/v1/exchange?dry_run=1&trust=" + instance, role: "datamanager", status: 200,
				body: string(doc.raw), want: map[string]any{"created": len(incidents), "dry_run": "true"}},
			{name: "not trusted", method: "POST", path: "/api/v1/exchange?dry_run=1", role: "datamanager", status: 403, body: string(doc.raw)},
			{name: "changed on the way", method: "POST", path: "/api/v1/exchange?dry_run=1&trust=" + instance, role: "datamanager", status: 422,
				body: strings.Replace(string(doc.raw), "Shooting 1", "Shooting 9", 1), want: map[string]any{"errors.signature": present}},
			{name: "not a document", method: "POST", path: "/api/v1/exchange?trust=" + instance, role: "datamanager", status: 422,
				body: `{"format": "csv"}`, want: map[string]any{"errors.format": present}},
		} {
			t.Run(sc.name, func(t *testing.T) { sc.run(t, w) })
		}
	})
}
