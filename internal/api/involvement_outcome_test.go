package api_test

import (
	"strings"
	"testing"

	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// TestInvolvementOutcomes writes what became of a perpetrator through the
// involvement's "outcomes" and reads it back as each role may see it.
func TestInvolvementOutcomes(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		const outcomes = `"outcomes": [
			{"kind": "arrested", "date": "2023-06", "source_kind": "news", "source_ref": "Officer held over Kilimani beating"},
			{"kind": "disciplined", "date": "~2024", "source_kind": "oversight_authority", "source_ref": "IPOA/2023/118"}]`
		for _, sc := range []scenario{
			{name: "replace with outcomes", method: "PUT", path: "/api/v1/involvements/{involvement}", role: "datamanager", status: 200,
				body: `{"service_code": "kps", "degree": "direct", "officer_name": "Officer X", "version": 1, ` + outcomes + `}`,
				want: map[string]any{"outcomes.0.kind": "arrested", "outcomes.0.date": "2023-06", "outcomes.1.date": "~2024",
					"outcomes.1.source_kind": "oversight_authority", "outcomes.0.id": present, "version": "2"}},
			{name: "caseworker reads them", method: "GET", path: "/api/v1/involvements/{involvement}", role: "caseworker", status: 200,
				want: map[string]any{"outcomes.0.source_ref": "Officer held over Kilimani beating", "outcomes.1.kind": "disciplined"}},
			{name: "researcher sees what happened, not the reference", method: "GET", path: "/api/v1/involvements/{involvement}", role: "researcher",
				status: 200, want: map[string]any{"outcomes.0.kind": "arrested", "outcomes.0.source_ref": nil, "outcomes.1.source_ref": nil}},
			{name: "in the incident's acts", method: "GET", path: "/api/v1/incidents/{incident}/acts", role: "caseworker", status: 200,
				want: map[string]any{"items.0.involvements.0.outcomes.1.kind": "disciplined"}},
			{name: "unknown kind", method: "PUT", path: "/api/v1/involvements/{involvement}", role: "datamanager", status: 422,
				body: `{"service_code": "kps", "degree": "direct", "version": 2, "outcomes": [{"kind": "promoted", "source_kind": "news"}]}`,
				check: func(t *testing.T, w *world, res response) {
					if !strings.Contains(string(res.raw), "outcomes[0].kind") {
						t.Errorf("the problem does not name the field: %s", res.raw)
					}
				}},
			{name: "create with outcomes", method: "POST", path: "/api/v1/involvements", role: "caseworker", status: 201,
				body: `{"act_id": "{act}", "service_code": "kps", "degree": "direct", "outcomes": [{"kind": "acquitted", "source_kind": "court_record"}]}`,
				want: map[string]any{"outcomes.0.kind": "acquitted", "outcomes.0.date": ""}},
			{name: "created without outcomes answers an empty list", method: "POST", path: "/api/v1/involvements", role: "caseworker", status: 201,
				body: `{"act_id": "{act}", "service_code": "kps", "degree": "direct"}`,
				check: func(t *testing.T, w *world, res response) {
					if l, ok := res.body["outcomes"].([]any); !ok || len(l) != 0 {
						t.Errorf("outcomes = %#v, want []", res.body["outcomes"])
					}
				}},
			{name: "no outcomes is an empty list", method: "GET", path: "/api/v1/involvements/{involvement_del}", role: "caseworker", status: 200,
				check: func(t *testing.T, w *world, res response) {
					if l, ok := res.body["outcomes"].([]any); !ok || len(l) != 0 {
						t.Errorf("outcomes = %#v, want []", res.body["outcomes"])
					}
				}},
		} {
			t.Run(sc.name, func(t *testing.T) { sc.run(t, w) })
		}
	})
}
