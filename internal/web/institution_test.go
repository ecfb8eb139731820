package web

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// mustInstitution adds a police station as the admin.
func mustInstitution(tb testing.TB, st *store.Store, as *haki.User, name string) *haki.Institution {
	tb.Helper()
	in := &haki.Institution{ServiceCode: "kps", Kind: "station", Name: name, CountyCode: "KE-047"}
	if err := st.CreateInstitution(storetest.As(as), in); err != nil {
		tb.Fatalf("create institution: %v", err)
	}
	return in
}

func institutionIDs(tb testing.TB, app *testApp) map[string]string {
	return map[string]string{"id": mustInstitution(tb, app.store, app.users[haki.RoleAdmin], "Kayole Police Station").ID}
}

func TestInstitutionPages(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	in := mustInstitution(t, app.store, app.users[haki.RoleAdmin], "Kayole Police Station")
	runScenarios(t, app, []scenario{
		{name: "monitor lists", role: haki.RoleMonitor, method: http.MethodGet, path: "/institutions?service=kps&county=KE-047",
			wantStatus: http.StatusOK, wantBody: []string{"Kayole Police Station"}, notBody: []string{"/institutions/" + in.ID + "/edit"}},
		{name: "other service", role: haki.RoleMonitor, method: http.MethodGet, path: "/institutions?service=gsu",
			wantStatus: http.StatusOK, notBody: []string{"Kayole Police Station"}},
		{name: "data manager edits", role: haki.RoleDataManager, method: http.MethodGet, path: "/institutions/" + in.ID + "/edit",
			wantStatus: http.StatusOK, wantBody: []string{`name="version" value="1"`}},
		{name: "caseworker may not create", role: haki.RoleCaseworker, method: http.MethodPost, path: "/institutions",
			form: url.Values{"service_code": {"kps"}, "kind": {"station"}, "name": {"Pangani"}}, wantStatus: http.StatusForbidden},
		{name: "no name", role: haki.RoleDataManager, method: http.MethodPost, path: "/institutions",
			form: url.Values{"service_code": {"kps"}, "kind": {"station"}, "name": {""}}, wantStatus: http.StatusUnprocessableEntity,
			wantBody: []string{`class="field-error"`}},
		{name: "bad kind", role: haki.RoleDataManager, method: http.MethodPost, path: "/institutions",
			form: url.Values{"service_code": {"kps"}, "kind": {"palace"}, "name": {"Pangani"}}, wantStatus: http.StatusUnprocessableEntity},
		{name: "create", role: haki.RoleDataManager, method: http.MethodPost, path: "/institutions",
			form:       url.Values{"service_code": {"kps"}, "kind": {"station"}, "name": {"Pangani Police Station"}, "county_code": {"KE-047"}},
			wantStatus: http.StatusSeeOther},
		{name: "stale version", role: haki.RoleDataManager, method: http.MethodPost, path: "/institutions/" + in.ID,
			form: url.Values{"service_code": {"kps"}, "kind": {"station"}, "name": {"Kayole"}, "version": {"3"}}, wantStatus: http.StatusConflict},
		{name: "update", role: haki.RoleAdmin, method: http.MethodPost, path: "/institutions/" + in.ID,
			form:       url.Values{"service_code": {"kps"}, "kind": {"station"}, "name": {"Kayole Police Station (new)"}, "version": {"1"}},
			wantStatus: http.StatusSeeOther},
	})
	list, _ := app.store.FindInstitutions(storetest.As(app.users[haki.RoleAdmin]), "kps", "", "")
	if len(list) != 2 {
		t.Errorf("institutions after the scenarios: %d, want 2", len(list))
	}
}
