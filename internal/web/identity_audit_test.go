package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// TestIdentityViewsAudited opens each page that shows identities and checks
// the one "view" entry it leaves, and that pages shown to roles that see no
// identities leave none.
func TestIdentityViewsAudited(t *testing.T) {
	storetest.Run(t, func(t *testing.T, st *store.Store) {
		app := newTestApp(t, st)
		admin := app.users[haki.RoleAdmin]
		per := mustPerson(t, app.store, admin, "Wanjiku Kamau")
		inc := mustIncident(t, app.store, admin, "Shooting in Mathare")
		mustAct(t, app.store, admin, inc, per)
		c := mustCase(t, app.store, admin, app.users[haki.RoleCaseworker].TeamID, false)

		tests := []struct {
			name   string
			role   haki.Role
			path   string
			status int
			want   []string // the person ids the entry lists; nil: no entry
		}{
			{"person page", haki.RoleCaseworker, "/persons/" + per.ID, http.StatusOK, []string{per.ID}},
			{"person list", haki.RoleDataManager, "/persons", http.StatusOK, []string{per.ID, c.ClientID}},
			{"case page", haki.RoleCaseworker, "/cases/" + c.ID, http.StatusOK, []string{c.ClientID}},
			{"case list", haki.RoleAdmin, "/cases", http.StatusOK, []string{c.ClientID}},
			{"incident page", haki.RoleCaseworker, "/incidents/" + inc.ID, http.StatusOK, []string{per.ID}},
			{"person page, researcher", haki.RoleResearcher, "/persons/" + per.ID, http.StatusNotFound, nil},
			{"incident page, researcher", haki.RoleResearcher, "/incidents/" + inc.ID, http.StatusOK, nil},
			{"person page, viewer", haki.RoleViewer, "/persons/" + per.ID, http.StatusNotFound, nil},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				u := app.users[tc.role]
				before := viewEntries(t, app, u.ID)
				if res := app.sessionClient(t, tc.role).get(tc.path); res.status != tc.status {
					t.Fatalf("GET %s as %s: %d, want %d", tc.path, tc.role, res.status, tc.status)
				}
				added := slices.DeleteFunc(viewEntries(t, app, u.ID)[len(before):], func(e *haki.AuditEntry) bool { return e.Entity != "person" })
				if tc.want == nil {
					if len(added) != 0 {
						t.Errorf("entries for a role that sees no identities: %v", added)
					}
					return
				}
				if len(added) != 1 {
					t.Fatalf("%d view entries, want 1", len(added))
				}
				var v struct {
					IDs     []string `json:"ids"`
					Purpose string   `json:"purpose"`
				}
				if err := json.Unmarshal([]byte(added[0].After), &v); err != nil {
					t.Fatal(err)
				}
				slices.Sort(v.IDs)
				want := slices.Clone(tc.want)
				slices.Sort(want)
				if !slices.Equal(v.IDs, slices.Compact(want)) || v.Purpose == "" || added[0].Entity != "person" {
					t.Errorf("entry %s %q, want ids %v", added[0].Entity, added[0].After, want)
				}
			})
		}
	})
}

// viewEntries returns the user's "view" entries, oldest first.
func viewEntries(tb testing.TB, app *testApp, userID string) []*haki.AuditEntry {
	tb.Helper()
	es, err := app.store.FindAuditEntries(haki.SystemContext(context.Background()), haki.AuditFilter{Action: "view", UserID: userID, Limit: 200})
	if err != nil {
		tb.Fatal(err)
	}
	slices.Reverse(es)
	return es
}

func TestAuditBreachPage(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	admin := app.users[haki.RoleAdmin]
	per := mustPerson(t, app.store, admin, "Otieno Ochieng")
	if res := app.sessionClient(t, haki.RoleDataManager).get("/persons/" + per.ID); res.status != http.StatusOK {
		t.Fatalf("person page: %d", res.status)
	}
	pro := app.users[haki.RoleDataManager]
	now := time.Now().UTC()
	window := url.Values{"from": {now.Add(-time.Hour).Format("2006-01-02T15:04")}, "to": {now.Add(time.Hour).Format("2006-01-02T15:04")}}
	onlyPro := url.Values{"from": window["from"], "to": window["to"], "user": {pro.ID}}
	runScenarios(t, app, []scenario{
		{name: "empty form", role: haki.RoleAdmin, method: http.MethodGet, path: "/audit/breach", wantStatus: http.StatusOK,
			notBody: []string{per.Ref}},
		{name: "a window", role: haki.RoleAdmin, method: http.MethodGet, path: "/audit/breach?" + window.Encode(),
			wantStatus: http.StatusOK, wantBody: []string{per.Ref, pro.Username, "admin", "GET /persons/{id}"}},
		{name: "one account", role: haki.RoleAdmin, method: http.MethodGet, path: "/audit/breach?" + onlyPro.Encode(),
			wantStatus: http.StatusOK, wantBody: []string{per.Ref, pro.Username}},
		{name: "days", role: haki.RoleAdmin, method: http.MethodGet, path: "/audit/breach?from=2001-01-01&to=2001-01-02",
			wantStatus: http.StatusOK, notBody: []string{per.Ref}},
		{name: "reversed", role: haki.RoleAdmin, method: http.MethodGet, path: "/audit/breach?from=2026-02-01&to=2026-01-01",
			wantStatus: http.StatusUnprocessableEntity, wantBody: []string{`class="field-error"`}},
		{name: "bad time", role: haki.RoleAdmin, method: http.MethodGet, path: "/audit/breach?from=yesterday&to=2026-01-01",
			wantStatus: http.StatusUnprocessableEntity, wantBody: []string{`class="field-error"`}},
		{name: "data manager may not", role: haki.RoleDataManager, method: http.MethodGet, path: "/audit/breach", wantStatus: http.StatusForbidden},
		{name: "history shows the chain", role: haki.RoleAdmin, method: http.MethodGet, path: "/audit?entity=person&entity_id=" + per.ID,
			wantStatus: http.StatusOK, wantBody: []string{"badge-verified"}},
	})
}
