package api_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/haki-kenya/haki/internal/storetest"
)

// scenario is one request and what must come back. Paths and bodies may
// name seeded records as {incident}, {case_b}, ...
type scenario struct {
	name   string
	method string
	path   string
	role   string // key of world.tokens; "" sends no token
	body   string
	status int
	want   map[string]any // dotted path -> value (compared as printed); nil value: must be absent
	check  func(t *testing.T, w *world, res response)
}

func (sc scenario) run(t *testing.T, w *world) {
	t.Helper()
	res := w.do(t, sc.method, sc.path, sc.role, sc.body)
	if res.status != sc.status {
		t.Fatalf("status %d, want %d: %s", res.status, sc.status, res.raw)
	}
	for path, want := range sc.want {
		got, ok := lookup(res.body, path)
		switch {
		case want == nil && ok:
			t.Errorf("%s = %v, want it absent", path, got)
		case want != nil && !ok:
			t.Errorf("%s missing in %s", path, res.raw)
		case want == present:
		case want != nil && fmt.Sprint(got) != w.expand(fmt.Sprint(want)):
			t.Errorf("%s = %v, want %v", path, got, want)
		}
	}
	if sc.check != nil {
		sc.check(t, w, res)
	}
}

// present as a wanted value only asks that the field be there.
const present = "(present)"

const newIncident = `{"title": "Shooting at Mathare", "types": ["extrajudicial_execution"], "occurred": "~2024-02", "county_code": "KE-047"}`

func TestScenarios(t *testing.T) {
	scenarios := []scenario{
		{name: "me", method: "GET", path: "/api/v1/me", role: "caseworker", status: 200, want: map[string]any{"username": "caseworker", "role": "caseworker"}},
		{name: "no token", method: "GET", path: "/api/v1/incidents", status: 401,
			want: map[string]any{"type": "urn:haki:problem:unauthorized", "status": 401, "title": "Unauthorized"},
			check: func(t *testing.T, w *world, res response) {
				if res.header.Get("WWW-Authenticate") == "" {
					t.Error("no WWW-Authenticate")
				}
				if res.body["request_id"] == "" || res.body["request_id"] == nil {
					t.Error("no request_id")
				}
			}},
		{name: "bad token", method: "GET", path: "/api/v1/me", role: "bad", status: 401},
		{name: "unknown route", method: "GET", path: "/api/v1/nothing", role: "admin", status: 404, want: map[string]any{"type": "urn:haki:problem:no-route"}},
		{name: "list incidents", method: "GET", path: "/api/v1/incidents?county=KE-047&year=2023", role: "admin", status: 200,
			want: map[string]any{"items.0.county_code": "KE-047", "items.0.occurred": "2023-05-14"},
			check: func(t *testing.T, w *world, res response) {
				if ct, cc := res.header.Get("Content-Type"), res.header.Get("Cache-Control"); ct != "application/json" || cc != "no-store" {
					t.Errorf("Content-Type %q, Cache-Control %q", ct, cc)
				}
				if n := len(res.items(t)); n != 2 {
					t.Errorf("%d incidents, want 2", n)
				}
			}},
		{name: "list paged", method: "GET", path: "/api/v1/incidents?limit=1", role: "admin", status: 200,
			check: func(t *testing.T, w *world, res response) {
				next, _ := res.body["next_cursor"].(string)
				if len(res.items(t)) != 1 || next == "" {
					t.Fatalf("want one item and a cursor: %s", res.raw)
				}
				page2 := w.do(t, "GET", "/api/v1/incidents?limit=1&cursor="+next, "admin", "")
				if items := page2.items(t); len(items) != 1 || items[0]["id"] == res.items(t)[0]["id"] {
					t.Errorf("second page: %s", page2.raw)
				}
			}},
		{name: "bad cursor", method: "GET", path: "/api/v1/incidents?cursor=@@", role: "admin", status: 422, want: map[string]any{"errors.cursor": "Not a valid cursor."}},
		{name: "bad year", method: "GET", path: "/api/v1/incidents?year=twenty", role: "admin", status: 400, want: map[string]any{"errors.year": "Expected a whole number."}},
		{name: "researcher list redacted", method: "GET", path: "/api/v1/incidents", role: "researcher", status: 200,
			check: func(t *testing.T, w *world, res response) {
				items := res.items(t)
				if len(items) == 0 {
					t.Fatal("no incidents")
				}
				for _, it := range items {
					if it["title"] != "" || it["narrative"] != nil || it["redacted"] != true {
						t.Errorf("not redacted: %v", it)
					}
				}
				if strings.Contains(string(res.raw), "Juma") || strings.Contains(string(res.raw), "Kilimani") {
					t.Errorf("identifying words in %s", res.raw)
				}
			}},
		{name: "researcher one incident redacted", method: "GET", path: "/api/v1/incidents/{incident}", role: "researcher", status: 200,
			want: map[string]any{"title": "", "redacted": true, "narrative": nil}},
		{name: "researcher acts redacted", method: "GET", path: "/api/v1/incidents/{incident}/acts", role: "researcher", status: 200,
			want: map[string]any{"items.0.act_type": "torture", "items.0.victim_name": nil, "items.0.involvements.0.officer_name": nil, "items.0.involvements.0.service_code": "kps"}},
		{name: "researcher involvement redacted", method: "GET", path: "/api/v1/involvements/{involvement}", role: "researcher", status: 200,
			want: map[string]any{"officer_name": nil, "degree": "direct"}},
		{name: "caseworker acts", method: "GET", path: "/api/v1/incidents/{incident}/acts", role: "caseworker", status: 200,
			want: map[string]any{"items.0.victim_name": "Juma Otieno", "items.0.involvements.0.officer_name": "Officer X"}},
		{name: "researcher person", method: "GET", path: "/api/v1/persons/{person}", role: "researcher", status: 404},
		{name: "researcher persons list", method: "GET", path: "/api/v1/persons", role: "researcher", status: 403},
		{name: "caseworker other team's case", method: "GET", path: "/api/v1/cases/{case_b}", role: "caseworker", status: 404,
			want: map[string]any{"type": "urn:haki:problem:not-found"}},
		{name: "caseworker own case", method: "GET", path: "/api/v1/cases/{case}", role: "caseworker", status: 200,
			want: map[string]any{"intake_date": "2023-06-01", "client_relation": "survivor"}},
		{name: "caseworker case list", method: "GET", path: "/api/v1/cases", role: "caseworker", status: 200,
			check: func(t *testing.T, w *world, res response) {
				for _, c := range res.items(t) {
					if c["id"] == w.ids["case_b"] {
						t.Error("list shows team B's case")
					}
				}
				if len(res.items(t)) != 2 {
					t.Errorf("%d cases, want team A's 2", len(res.items(t)))
				}
			}},
		{name: "professional unassigned case", method: "GET", path: "/api/v1/cases/{case}", role: "professional", status: 404},
		{name: "professional case list empty", method: "GET", path: "/api/v1/cases", role: "professional", status: 200,
			want: map[string]any{"items": "[]"}},
		{name: "monitor sees only own incidents", method: "GET", path: "/api/v1/incidents", role: "monitor", status: 200, want: map[string]any{"items": "[]"}},
		{name: "monitor other's incident", method: "GET", path: "/api/v1/incidents/{incident}", role: "monitor", status: 404},
		{name: "viewer incidents", method: "GET", path: "/api/v1/incidents", role: "viewer", status: 403, want: map[string]any{"type": "urn:haki:problem:forbidden"}},

		{name: "persons q in URL", method: "GET", path: "/api/v1/persons?q=Juma", role: "admin", status: 400,
			want: map[string]any{"type": "urn:haki:problem:search-in-url"},
			check: func(t *testing.T, w *world, res response) {
				if !strings.Contains(res.body["detail"].(string), "POST /api/v1/persons/search") {
					t.Errorf("detail does not point to search: %v", res.body["detail"])
				}
			}},
		{name: "persons search", method: "POST", path: "/api/v1/persons/search", role: "caseworker", body: `{"q": "juma"}`, status: 200,
			check: func(t *testing.T, w *world, res response) {
				if n := len(res.items(t)); n != 2 {
					t.Errorf("%d persons, want 2: %s", n, res.raw)
				}
			}},
		{name: "pick persons", method: "POST", path: "/api/v1/pick/persons", role: "caseworker", body: `{"q": "juma"}`, status: 200,
			check: func(t *testing.T, w *world, res response) {
				if n := len(res.items(t)); n != 2 {
					t.Errorf("%d persons, want 2: %s", n, res.raw)
				}
			}},
		{name: "pick cases hides another team's", method: "POST", path: "/api/v1/pick/cases", role: "caseworker", body: `{"q": "achieng"}`, status: 200,
			want: map[string]any{"items": "[]"}},
		{name: "pick cases by client name", method: "POST", path: "/api/v1/pick/cases", role: "admin", body: `{"q": "achieng"}`, status: 200,
			want: map[string]any{"items.0.id": "{case_b}", "items.0.client_name": "Achieng Odhiambo", "items.1": nil}},
		{name: "pick incidents by victim name", method: "POST", path: "/api/v1/pick/incidents", role: "caseworker", body: `{"q": "Juma"}`, status: 200,
			check: func(t *testing.T, w *world, res response) {
				ids := map[any]bool{}
				for _, i := range res.items(t) {
					ids[i["id"]] = true
				}
				if !ids[w.ids["incident"]] || !ids[w.ids["incident_del"]] || len(ids) != 2 {
					t.Errorf("picked %v", ids)
				}
			}},
		{name: "pick persons researcher", method: "POST", path: "/api/v1/pick/persons", role: "researcher", body: `{"q": "juma"}`, status: 403},
		{name: "pick bad body", method: "POST", path: "/api/v1/pick/persons", role: "caseworker", body: `{"q": 3}`, status: 400},
		{name: "person records", method: "GET", path: "/api/v1/persons/{person}/records", role: "caseworker", status: 200,
			want: map[string]any{"incidents.0.incident_id": "{incident}", "incidents.0.role": "victim", "incidents.0.kind": "torture", "cases.0.id": "{case}"}},
		{name: "person records other team", method: "GET", path: "/api/v1/persons/{client_b}/records", role: "caseworker", status: 200,
			want: map[string]any{"cases": "[]"}},
		{name: "persons by county", method: "GET", path: "/api/v1/persons?county=KE-047", role: "admin", status: 200, want: map[string]any{"items.0.county_code": "KE-047"}},

		{name: "create incident", method: "POST", path: "/api/v1/incidents", role: "monitor", body: newIncident, status: 201,
			want: map[string]any{"version": 1, "occurred": "~2024-02", "types.0": "extrajudicial_execution", "verification": "unverified"},
			check: func(t *testing.T, w *world, res response) {
				if loc := res.header.Get("Location"); loc != "/api/v1/incidents/"+res.body["id"].(string) {
					t.Errorf("Location %q", loc)
				}
			}},
		{name: "malformed JSON", method: "POST", path: "/api/v1/incidents", role: "admin", body: `{"title": "x",`, status: 400,
			want: map[string]any{"type": "urn:haki:problem:malformed-json"}},
		{name: "not an object", method: "POST", path: "/api/v1/incidents", role: "admin", body: `[1, 2]`, status: 400},
		{name: "empty body", method: "POST", path: "/api/v1/incidents", role: "admin", status: 400},
		{name: "trailing data", method: "POST", path: "/api/v1/incidents", role: "admin", body: newIncident + ` {}`, status: 400},
		{name: "unknown field", method: "POST", path: "/api/v1/incidents", role: "admin", body: `{"title": "x", "colour": "red"}`, status: 400,
			want: map[string]any{"type": "urn:haki:problem:unknown-field", "errors.colour": "Unknown field."}},
		{name: "wrong type", method: "POST", path: "/api/v1/incidents", role: "admin", body: `{"title": 7}`, status: 400,
			want: map[string]any{"type": "urn:haki:problem:invalid-type", "errors.title": "Expected a string, got number."}},
		{name: "wrong type nested", method: "POST", path: "/api/v1/incidents", role: "admin", body: `{"types": [1]}`, status: 400,
			want: map[string]any{"errors.types": "Expected a string, got number."}},
		{name: "body too large", method: "POST", path: "/api/v1/incidents", role: "admin",
			body: `{"narrative": "` + strings.Repeat("a", 1<<20) + `"}`, status: 400, want: map[string]any{"type": "urn:haki:problem:body-too-large"}},
		{name: "validation", method: "POST", path: "/api/v1/incidents", role: "admin",
			body: `{"types": ["torture"], "occurred": "2017-03", "county_code": "KE-999"}`, status: 422,
			want: map[string]any{"type": "urn:haki:problem:validation", "errors.title": "Give the incident a short title.",
				"errors.county_code": "Choose a county from the list."}},
		{name: "bad date", method: "POST", path: "/api/v1/incidents", role: "admin", body: `{"title": "x", "occurred": "2017-13"}`, status: 422,
			want: map[string]any{"errors.occurred": "The month must be between 1 and 12."}},
		{name: "date of wrong type", method: "POST", path: "/api/v1/persons", role: "admin", body: `{"full_name": "A", "birth_date": 1990}`, status: 422,
			want: map[string]any{"errors.birth_date": present}},
		{name: "stale version", method: "PUT", path: "/api/v1/incidents/{incident}", role: "admin",
			body: `{"title": "Renamed", "types": ["torture"], "occurred": "2023-05-14", "county_code": "KE-047", "version": 9}`, status: 409,
			want: map[string]any{"type": "urn:haki:problem:conflict"}},
		{name: "missing version", method: "PUT", path: "/api/v1/incidents/{incident}", role: "admin",
			body: `{"title": "Renamed", "types": ["torture"], "occurred": "2023-05-14", "county_code": "KE-047"}`, status: 422,
			want: map[string]any{"errors.version": "Send the version you read."}},
		{name: "update incident", method: "PUT", path: "/api/v1/incidents/{incident}", role: "datamanager",
			body: `{"title": "Renamed", "types": ["torture", "cidt"], "occurred": "2023-05", "county_code": "KE-047", "version": 1}`, status: 200,
			want: map[string]any{"version": 2, "title": "Renamed", "occurred": "2023-05"}},
		{name: "create case", method: "POST", path: "/api/v1/cases", role: "caseworker",
			body:   `{"client_id": "{spare_person}", "client_relation": "survivor", "intake_date": "2024-02-01", "intake_channel": "walk_in", "incident_ids": ["{incident}"]}`,
			status: 201, want: map[string]any{"intake_date": "2024-02-01", "status": "intake", "team_id": "{team_a}"}},
		{name: "case bad intake date", method: "POST", path: "/api/v1/cases", role: "caseworker",
			body: `{"client_id": "{spare_person}", "intake_date": "01/02/2024"}`, status: 422, want: map[string]any{"errors.intake_date": "Write the day as 2024-01-31."}},
		{name: "duplicate username", method: "POST", path: "/api/v1/users", role: "admin",
			body: `{"username": "caseworker", "display_name": "Again", "role": "viewer", "password": "long enough password", "current_password": "correct horse battery"}`, status: 409,
			want: map[string]any{"errors.username": "That user name is taken."}},
		{name: "create user", method: "POST", path: "/api/v1/users", role: "admin",
			body: `{"username": "wakili", "display_name": "Wakili", "role": "professional", "team_id": "{team_a}", "password": "long enough password", "current_password": "correct horse battery"}`, status: 201,
			want: map[string]any{"username": "wakili", "language": "en", "password": nil}},
		{name: "create user without the administrator's password", method: "POST", path: "/api/v1/users", role: "admin",
			body: `{"username": "mwizi", "display_name": "Mwizi", "role": "admin", "password": "long enough password"}`, status: 422,
			want: map[string]any{"errors.current_password": "The current password is wrong."}},
		{name: "make an administrator without the administrator's password", method: "PUT", path: "/api/v1/users/{user}", role: "admin",
			body: `{"display_name": "Target", "role": "admin", "language": "en", "current_password": "guess"}`, status: 422,
			want: map[string]any{"errors.current_password": "The current password is wrong."}},
		{name: "update user", method: "PUT", path: "/api/v1/users/{user}", role: "admin",
			body: `{"display_name": "Renamed", "role": "researcher", "language": "sw"}`, status: 200, want: map[string]any{"role": "researcher", "username": "target"}},
		{name: "grant clinical access without the administrator's password", method: "PUT", path: "/api/v1/users/{user}", role: "admin",
			body: `{"display_name": "Renamed", "role": "researcher", "language": "sw", "clinical_access": true}`, status: 422,
			want: map[string]any{"errors.current_password": "The current password is wrong."}},
		{name: "grant clinical access", method: "PUT", path: "/api/v1/users/{user}", role: "admin",
			body:   `{"display_name": "Renamed", "role": "researcher", "language": "sw", "clinical_access": true, "current_password": "correct horse battery"}`,
			status: 200, want: map[string]any{"clinical_access": true},
			check: func(t *testing.T, w *world, _ response) { // a client that omits the field keeps the grant
				res := w.do(t, "PUT", "/api/v1/users/{user}", "admin", `{"display_name": "Renamed again", "role": "researcher", "language": "sw"}`)
				if got, _ := lookup(res.body, "clinical_access"); res.status != 200 || got != true {
					t.Errorf("an update without clinical_access: %d, clinical_access %v", res.status, got)
				}
			}},
		{name: "vocabulary terms", method: "GET", path: "/api/v1/vocabularies/sex", role: "viewer", status: 200, want: map[string]any{"items.0.vocab": "sex"}},
		{name: "unknown vocabulary", method: "GET", path: "/api/v1/vocabularies/colour", role: "viewer", status: 404},
		{name: "add term", method: "POST", path: "/api/v1/vocabularies/incident_type", role: "admin",
			body: `{"code": "abduction", "label_en": "Abduction", "label_sw": "Utekaji nyara", "sort": 90}`, status: 201, want: map[string]any{"active": true}},
		{name: "duplicate term", method: "POST", path: "/api/v1/vocabularies/sex", role: "admin",
			body: `{"code": "male", "label_en": "Male", "label_sw": "Mwanamume"}`, status: 409},
		{name: "retire term", method: "PUT", path: "/api/v1/vocabularies/sex/intersex", role: "admin",
			body: `{"label_en": "Intersex", "label_sw": "Mwenye jinsia mbili", "active": false}`, status: 200, want: map[string]any{"active": false}},
		{name: "places", method: "GET", path: "/api/v1/places?level=2&parent=KE-047", role: "viewer", status: 200, want: map[string]any{"items.0.parent_code": "KE-047"}},
		{name: "audit", method: "GET", path: "/api/v1/audit?entity=incident&limit=1", role: "admin", status: 200,
			want: map[string]any{"items.0.entity": "incident"},
			check: func(t *testing.T, w *world, res response) {
				if res.body["next_cursor"] == nil {
					t.Errorf("no next_cursor: %s", res.raw)
				}
			}},
		{name: "audit bad from", method: "GET", path: "/api/v1/audit?from=yesterday", role: "admin", status: 400, want: map[string]any{"errors.from": present}},
		{name: "openapi public", method: "GET", path: "/api/v1/openapi.json", status: 200, want: map[string]any{"openapi": "3.1.0"}},
	}
	// Each scenario gets a fresh store, so none depends on another's changes.
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
