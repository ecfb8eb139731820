package web

import (
	"net/http"
	"net/url"
	"testing"

	"golang.org/x/net/html"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/storetest"
)

// TestIncidentFormVerifyDuty: the incident form offers "verified" and
// "publishable" only to those who may verify; others keep a verified
// incident verified when they edit it, and a crafted post is refused.
func TestIncidentFormVerifyDuty(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	dm := app.users[haki.RoleDataManager]
	verified := mustIncident(t, app.store, dm, "Beating at the station")
	verified.Verification = "verified"
	if err := app.store.UpdateIncident(storetest.As(dm), verified); err != nil {
		t.Fatal(err)
	}
	controls := func(body string) (verifiedOption, publishable, fixed bool) {
		for _, n := range htmlNodes(t, body, func(n *html.Node) bool { return n.Type == html.ElementNode }) {
			switch {
			case n.Data == "option" && htmlAttr(n, "value") == "verified":
				verifiedOption = true
			case n.Data == "input" && htmlAttr(n, "name") == "publishable" && htmlAttr(n, "type") == "checkbox":
				publishable = true
			case htmlAttr(n, "id") == "verification-fixed":
				fixed = true
			}
		}
		return
	}
	for _, tc := range []struct {
		role                           haki.Role
		path                           string
		wantOption, wantBox, wantFixed bool
	}{
		{haki.RoleDataManager, "/incidents/new", true, true, false},
		{haki.RoleAdmin, "/incidents/" + verified.ID + "/edit", true, true, false},
		{haki.RoleMonitor, "/incidents/new", false, false, false},
		{haki.RoleCaseworker, "/incidents/new", false, false, false},
		{haki.RoleCaseworker, "/incidents/" + verified.ID + "/edit", false, false, true},
	} {
		res := app.sessionClient(t, tc.role).get(tc.path)
		if res.status != http.StatusOK {
			t.Fatalf("%s %s: %d", tc.role, tc.path, res.status)
		}
		o, b, f := controls(res.body)
		if o != tc.wantOption || b != tc.wantBox || f != tc.wantFixed {
			t.Errorf("%s %s: verified option %v, publishable box %v, fixed %v", tc.role, tc.path, o, b, f)
		}
	}
	form := url.Values{"title": {"Seen at the market"}, "types": {"torture"}, "occurred": {"2024-03-14"}, "county_code": {"KE-047"},
		"verification": {"verified"}, "publishable": {"1"}}
	if res := app.sessionClient(t, haki.RoleMonitor).post("/incidents", form); res.status != http.StatusForbidden {
		t.Errorf("a monitor posting a verified incident: %d", res.status)
	}
	form.Set("verification", "being_verified")
	form.Del("publishable")
	form.Del("csrf")
	if res := app.sessionClient(t, haki.RoleMonitor).post("/incidents", form); res.status != http.StatusSeeOther {
		t.Errorf("a monitor posting an incident being verified: %d %s", res.status, res.body)
	}
}
