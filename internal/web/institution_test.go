package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
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

// TestInstitutionListPages: the list shows a page of stations at a time,
// with links that keep the filter, and a page past the end shows the last.
func TestInstitutionListPages(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	admin := app.users[haki.RoleAdmin]
	for i := range institutionPageSize + 5 {
		mustInstitution(t, app.store, admin, fmt.Sprintf("Station %03d", i))
	}
	c := app.sessionClient(t, haki.RoleMonitor)
	first := c.get("/institutions?county=KE-047")
	if first.status != http.StatusOK || strings.Count(first.body, "<tr>")-1 != institutionPageSize {
		t.Fatalf("first page: %d, %d rows", first.status, strings.Count(first.body, "<tr>")-1)
	}
	if !strings.Contains(first.body, `href="/institutions?county=KE-047&amp;page=2" rel="next"`) || strings.Contains(first.body, `rel="prev"`) {
		t.Error("first page: no link to the second that keeps the county, or a link back")
	}
	last := c.get("/institutions?county=KE-047&page=9")
	if last.status != http.StatusOK || strings.Count(last.body, "<tr>")-1 != 5 || strings.Contains(last.body, `rel="next"`) {
		t.Errorf("a page past the end: %d, %d rows; want the last page of 5", last.status, strings.Count(last.body, "<tr>")-1)
	}
	if !strings.Contains(last.body, fmt.Sprintf("%d–%d of %d", institutionPageSize+1, institutionPageSize+5, institutionPageSize+5)) {
		t.Error("the last page does not say which rows it shows")
	}
}
