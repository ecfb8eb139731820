package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/storetest"
)

// TestActForms adds victims (an existing person by reference, and a new
// one in the same form), a perpetrator and a source, edits and deletes them.
func TestActForms(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	admin := app.users[haki.RoleAdmin]
	ctx := storetest.As(admin)
	inc := mustIncident(t, app.store, admin, "Shooting at Kayole")
	known := mustPerson(t, app.store, admin, "Achieng Wanjiru")
	c := app.client(t, haki.RoleMonitor)
	// A monitor sees only their own submissions: record one as the monitor.
	incPath := "/incidents/" + inc.ID
	c = app.client(t, haki.RoleCaseworker)
	back := incPath

	tests := []struct {
		name       string
		path       string
		form       url.Values
		wantStatus int
		wantBody   string
	}{
		{"existing person by ref", incPath + "/acts", url.Values{"victim_ref": {strings.ToLower(known.Ref)}, "act_type": {"killing"},
			"victim_status": {"killed"}, "consequences": {"death"}, "victim_age": {"24"}}, http.StatusSeeOther, ""},
		{"new person inline", incPath + "/acts", url.Values{"new_name": {"Otieno Kamau"}, "new_sex": {"male"}, "act_type": {"killing"},
			"victim_status": {"killed"}}, http.StatusSeeOther, ""},
		{"unknown ref", incPath + "/acts", url.Values{"victim_ref": {"PER-1999-999999"}, "act_type": {"killing"}, "victim_status": {"killed"}},
			http.StatusUnprocessableEntity, "No person has this reference."},
		{"no victim", incPath + "/acts", url.Values{"act_type": {"killing"}, "victim_status": {"killed"}},
			http.StatusUnprocessableEntity, "Enter the reference of a recorded person"},
		{"new person, bad act", incPath + "/acts", url.Values{"new_name": {"Never Stored"}, "act_type": {""}, "victim_status": {"killed"}},
			http.StatusUnprocessableEntity, "Choose what was done."},
		{"unknown act type", incPath + "/acts", url.Values{"new_name": {"Never Stored"}, "act_type": {"no_such"}, "victim_status": {"killed"}},
			http.StatusUnprocessableEntity, "field-error"},
		{"source", incPath + "/sources", url.Values{"kind": {"survivor"}, "reliability": {"confirmed"}, "outlet": {"Daily Nation"},
			"url": {"https://nation.africa/x"}, "source_date": {"2024-03"}}, http.StatusSeeOther, ""},
		{"source bad url and date", incPath + "/sources", url.Values{"kind": {"survivor"}, "reliability": {"confirmed"}, "url": {"javascript:alert(1)"},
			"source_date": {"yesterday"}}, http.StatusUnprocessableEntity, "A link starts with https://"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := c.post(tc.path, tc.form)
			if res.status != tc.wantStatus {
				t.Fatalf("status %d, want %d", res.status, tc.wantStatus)
			}
			if tc.wantStatus == http.StatusSeeOther && res.location != back {
				t.Errorf("location %q", res.location)
			}
			if !strings.Contains(res.body, tc.wantBody) {
				t.Errorf("body lacks %q", tc.wantBody)
			}
		})
	}
	persons, _, err := app.store.FindPersons(ctx, haki.PersonFilter{Text: "Never Stored"})
	if err != nil || len(persons) != 0 {
		t.Errorf("a failed act left %d persons (%v)", len(persons), err)
	}
	acts, err := app.store.FindActs(ctx, inc.ID)
	if err != nil || len(acts) != 2 {
		t.Fatalf("acts: %d, %v", len(acts), err)
	}
	page := c.get(incPath)
	for _, want := range []string{"Achieng Wanjiru", "Otieno Kamau", "Daily Nation", "Killing"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("incident page lacks %q", want)
		}
	}

	a := acts[0]
	actPath := incPath + "/acts/" + a.ID
	if res := c.get(actPath + "/edit"); res.status != 200 || !strings.Contains(res.body, a.VictimRef) {
		t.Errorf("edit act form: %d", res.status)
	}
	edit := url.Values{"act_type": {"killing"}, "victim_status": {"injured"}, "version": {strconv.Itoa(a.Version)}}
	if res := c.post(actPath, edit); res.status != http.StatusSeeOther {
		t.Errorf("update act: %d", res.status)
	}
	if res := c.post(actPath, edit); res.status != http.StatusConflict {
		t.Errorf("stale act: %d, want 409", res.status)
	}

	inv := url.Values{"service_code": {"kps"}, "degree": {"direct"}, "officer_name": {"Sgt. Mwangi"}, "officer_rank": {"Sergeant"}}
	if res := c.post(actPath+"/involvements", inv); res.status != http.StatusSeeOther {
		t.Fatalf("add involvement: %d", res.status)
	}
	if res := c.post(actPath+"/involvements", url.Values{"officer_name": {"X"}}); res.status != http.StatusUnprocessableEntity ||
		!strings.Contains(res.body, "Choose the degree of involvement.") {
		t.Errorf("bad involvement: %d", res.status)
	}
	page = c.get(incPath)
	if !strings.Contains(page.body, "Sgt. Mwangi") {
		t.Errorf("incident page lacks the officer")
	}

	// Parts of one incident cannot be reached through another.
	other := mustIncident(t, app.store, admin, "Another")
	if res := c.get("/incidents/" + other.ID + "/acts/" + a.ID + "/edit"); res.status != http.StatusNotFound {
		t.Errorf("act through another incident: %d", res.status)
	}
	if res := c.post(actPath+"/delete", nil); res.status != http.StatusSeeOther {
		t.Errorf("delete act: %d", res.status)
	}
	if acts, _ := app.store.FindActs(ctx, inc.ID); len(acts) != 1 {
		t.Errorf("after delete: %d acts", len(acts))
	}
}
