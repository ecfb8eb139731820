package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

func incidentForm(title, date, county string) url.Values {
	return url.Values{"title": {title}, "types": {"torture", "cidt"}, "occurred": {date}, "county_code": {county},
		"subcounty_code": {""}, "place_name": {"Kayole"}, "verification": {"unverified"}, "narrative": {"Beaten."}}
}

var incidentPathRe = regexp.MustCompile(`^/incidents/[0-9a-f-]{36}$`)

// TestIncidentCreateShowList creates an incident through the form, then
// finds it on its page and in the list, on both engines.
func TestIncidentCreateShowList(t *testing.T) {
	storetest.Run(t, func(t *testing.T, st *store.Store) {
		app := newTestApp(t, st)
		c := app.client(t, haki.RoleCaseworker)
		res := c.post("/incidents", incidentForm("Beating at Kayole station", "~2024-03", "KE-047"))
		if res.status != http.StatusSeeOther || !incidentPathRe.MatchString(res.location) {
			t.Fatalf("create: status %d location %q body %s", res.status, res.location, res.body)
		}
		page := c.get(res.location)
		for _, want := range []string{"Beating at Kayole station", "~2024-03", "Nairobi", "Torture", "Kayole", "class=\"flash\""} {
			if !strings.Contains(page.body, want) {
				t.Errorf("incident page lacks %q", want)
			}
		}
		if cc := page.header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("Cache-Control %q", cc)
		}
		list := c.get("/incidents?county=KE-047&year=2024")
		if !strings.Contains(list.body, "Beating at Kayole station") || !strings.Contains(list.body, "INC-") {
			t.Errorf("list lacks the incident")
		}
		found := c.post("/incidents/search", url.Values{"q": {"kayole"}})
		if found.status != http.StatusOK || !strings.Contains(found.body, "Beating at Kayole station") {
			t.Errorf("search: status %d", found.status)
		}
		none := c.post("/incidents/search", url.Values{"q": {"mombasa"}})
		if strings.Contains(none.body, "Beating at Kayole station") {
			t.Errorf("search for another word found the incident")
		}
	})
}

// TestIncidentBadInput checks rejected forms: 422, the problem beside the
// field, the values kept, and nothing stored.
func TestIncidentBadInput(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	c := app.client(t, haki.RoleAdmin)
	long := strings.Repeat("a", 200*1024)
	tests := []struct {
		name      string
		form      url.Values
		wantField string
		wantText  string
	}{
		{"empty title", incidentForm("", "2017-03-14", "KE-047"), "title", "Give the incident a short title."},
		{"bad date", incidentForm("Beating", "2017-13-45", "KE-047"), "occurred", "2017-13-45"},
		{"unknown county", incidentForm("Beating", "2017-03-14", "KE-999"), "county_code", "field-error"},
		{"huge title", incidentForm(long, "2017-03-14", "KE-047"), "title", "Keep this under 200 characters."},
		{"bad latitude", func() url.Values {
			f := incidentForm("Beating", "2017", "KE-047")
			f.Set("latitude", "north")
			return f
		}(), "latitude", "north"},
		{"unknown context", func() url.Values {
			f := incidentForm("Beating", "2017", "KE-047")
			f.Set("context", "nonsense")
			return f
		}(), "context", "Choose one of the listed values."},
		{"unknown verification", func() url.Values {
			f := incidentForm("Beating", "2017", "KE-047")
			f.Set("verification", "nonsense")
			return f
		}(), "verification", "Choose one of the listed values."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := c.post("/incidents", tc.form)
			if res.status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", res.status)
			}
			if !strings.Contains(res.body, `id="`+tc.wantField+`"`) || !strings.Contains(res.body, tc.wantText) {
				t.Errorf("page lacks field %s or %q", tc.wantField, tc.wantText)
			}
			if !regexp.MustCompile(`name="` + tc.wantField + `"[^>]*aria-invalid="true"`).MatchString(res.body) {
				t.Errorf("field %s not marked invalid", tc.wantField)
			}
		})
	}
	// A good choice in a select survives a rejected form.
	f := incidentForm("", "2017", "KE-047")
	f.Set("context", "protest")
	if res := c.post("/incidents", f); !regexp.MustCompile(`<option value="protest" selected>`).MatchString(res.body) {
		t.Error("the chosen context is not kept selected")
	}
	n, err := app.store.CountIncidents(storetest.As(app.users[haki.RoleAdmin]), haki.IncidentFilter{})
	if err != nil || n != 0 {
		t.Errorf("stored %d incidents (err %v), want 0", n, err)
	}
}

// TestIncidentCSRFAndConflict checks a forged form is refused and a stale
// edit is a conflict.
func TestIncidentCSRFAndConflict(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	admin := app.users[haki.RoleAdmin]
	inc := mustIncident(t, app.store, admin, "Shooting at Kayole")
	c := app.client(t, haki.RoleDataManager)

	f := incidentForm("Forged", "2020", "KE-047")
	f.Set("csrf", "wrong")
	if res := c.post("/incidents", f); res.status != http.StatusForbidden {
		t.Errorf("wrong csrf: status %d, want 403", res.status)
	}
	f.Del("csrf")
	f.Set("csrf", "")
	if res := c.post("/incidents/"+inc.ID+"/delete", f); res.status != http.StatusForbidden {
		t.Errorf("empty csrf on delete: status %d, want 403", res.status)
	}

	edit := incidentForm("Shooting at Kayole, renamed", "2024-03-14", "KE-047")
	edit.Set("version", strconv.Itoa(inc.Version))
	if res := c.post("/incidents/"+inc.ID, edit); res.status != http.StatusSeeOther {
		t.Fatalf("edit: status %d", res.status)
	}
	edit.Set("title", "Stale edit")
	res := c.post("/incidents/"+inc.ID, edit)
	if res.status != http.StatusConflict || !strings.Contains(res.body, "Reload the page") {
		t.Errorf("stale edit: status %d, want 409 with a message", res.status)
	}
	got, err := app.store.FindIncidentByID(storetest.As(admin), inc.ID)
	if err != nil || got.Title != "Shooting at Kayole, renamed" {
		t.Errorf("after conflict: %v, %v", got, err)
	}
}

// TestIncidentByRole checks what each role sees of the same incident.
func TestIncidentByRole(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	admin := app.users[haki.RoleAdmin]
	inc := mustIncident(t, app.store, admin, "Shooting at Kayole")
	mustAct(t, app.store, admin, inc, mustPerson(t, app.store, admin, "Juma Otieno"))
	tests := []struct {
		role       haki.Role
		path       string
		wantStatus int
		want, not  []string
	}{
		{haki.RoleAdmin, "/incidents/" + inc.ID, 200, []string{"Shooting at Kayole", "Juma Otieno", "Cpl. Otieno", "Told by the brother.", "/edit"}, nil},
		{haki.RoleResearcher, "/incidents/" + inc.ID, 200, []string{"(hidden)", inc.Ref}, []string{"Shooting at Kayole", "Juma Otieno", "Cpl. Otieno", "Told by the brother.", "/edit"}},
		{haki.RoleResearcher, "/incidents", 200, []string{"(hidden)", inc.Ref}, []string{"Shooting at Kayole"}},
		{haki.RoleViewer, "/incidents", 403, nil, nil},
		{haki.RoleViewer, "/", 200, []string{"Welcome, viewer"}, []string{`href="/incidents"`}},
		{haki.RoleProfessional, "/incidents/" + inc.ID, 404, nil, nil},
	}
	for _, tc := range tests {
		t.Run(string(tc.role)+tc.path, func(t *testing.T) {
			res := app.client(t, tc.role).get(tc.path)
			if res.status != tc.wantStatus {
				t.Fatalf("status %d, want %d", res.status, tc.wantStatus)
			}
			for _, w := range tc.want {
				if !strings.Contains(res.body, w) {
					t.Errorf("lacks %q", w)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(res.body, n) {
					t.Errorf("shows %q", n)
				}
			}
		})
	}
}

// TestIncidentDelete deletes through the confirm page.
func TestIncidentDelete(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	inc := mustIncident(t, app.store, app.users[haki.RoleAdmin], "Shooting at Kayole")
	c := app.client(t, haki.RoleAdmin)
	confirm := c.get("/incidents/" + inc.ID + "/delete")
	if confirm.status != 200 || !strings.Contains(confirm.body, `action="/incidents/`+inc.ID+`/delete"`) {
		t.Fatalf("confirm page: %d", confirm.status)
	}
	res := c.post("/incidents/"+inc.ID+"/delete", nil)
	if res.status != http.StatusSeeOther || res.location != "/incidents" {
		t.Fatalf("delete: %d %q", res.status, res.location)
	}
	if res := c.get("/incidents/" + inc.ID); res.status != http.StatusNotFound {
		t.Errorf("after delete: %d", res.status)
	}
}
