package api_test

import (
	"testing"

	"github.com/haki-kenya/haki/internal/storetest"
)

// TestRetentionAPI: administrators read, set and run the retention
// periods; a run needs confirm, and bad input is a 4xx that names the field.
func TestRetentionAPI(t *testing.T) {
	scenarios := []scenario{
		{name: "dry run", method: "GET", path: "/api/v1/retention", role: "admin", status: 200,
			want: map[string]any{"items.0.record_type": "audit_log", "items.0.action": "report", "items.1.record_type": "closed_case", "items.1.years": 10, "items.1.action": "anonymise", "items.2.record_type": "intake_draft", "items.2.action": "delete"}},
		{name: "set", method: "PUT", path: "/api/v1/retention/intake_draft", role: "admin", body: `{"years": 2}`, status: 200,
			want: map[string]any{"items.2.record_type": "intake_draft", "items.2.years": 2}},
		{name: "set zero", method: "PUT", path: "/api/v1/retention/closed_case", role: "admin", body: `{"years": 0}`, status: 422, want: map[string]any{"errors.years": present}},
		{name: "set text", method: "PUT", path: "/api/v1/retention/closed_case", role: "admin", body: `{"years": "ten"}`, status: 400},
		{name: "set unknown type", method: "PUT", path: "/api/v1/retention/persons", role: "admin", body: `{"years": 3}`, status: 404},
		{name: "set as data manager", method: "PUT", path: "/api/v1/retention/closed_case", role: "datamanager", body: `{"years": 3}`, status: 403},
		{name: "run unconfirmed", method: "POST", path: "/api/v1/retention/run", role: "admin", body: `{}`, status: 422, want: map[string]any{"errors.confirm": present}},
		{name: "run dry", method: "POST", path: "/api/v1/retention/run", role: "admin", body: `{"dry_run": true}`, status: 200, want: map[string]any{"items.1.done": 0}},
		{name: "run", method: "POST", path: "/api/v1/retention/run", role: "admin", body: `{"confirm": true}`, status: 200, want: map[string]any{"items.1.record_type": "closed_case", "items.1.done": 0}},
		{name: "run as caseworker", method: "POST", path: "/api/v1/retention/run", role: "caseworker", body: `{"confirm": true}`, status: 403},
	}
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			for _, sc := range scenarios {
				t.Run(sc.name, func(t *testing.T) {
					t.Parallel()
					sc.run(t, newWorld(t, e.Open(t)))
				})
			}
		})
	}
}
