package web

import (
	"net/http"
	"net/url"
	"testing"

	"golang.org/x/net/html"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/storetest"
)

// TestUserClinicalAccess: granting clinical access takes the
// administrator's proof; an edit from a form without the box keeps the
// grant; the box left unticked revokes it.
func TestUserClinicalAccess(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	admin := app.sessionClient(t, haki.RoleAdmin)
	dm := app.users[haki.RoleDataManager]
	path := "/users/" + dm.ID
	form := func(extra ...string) url.Values {
		v := url.Values{"display_name": {"Data manager"}, "role": {"datamanager"}, "team_id": {dm.TeamID}, "language": {"en"}}
		for i := 0; i+1 < len(extra); i += 2 {
			v.Set(extra[i], extra[i+1])
		}
		return v
	}
	granted := func() bool {
		u, err := app.store.FindUserByID(storetest.As(app.users[haki.RoleAdmin]), dm.ID)
		if err != nil {
			t.Fatal(err)
		}
		return u.ClinicalAccess
	}
	if res := admin.get(path); len(htmlNodes(t, res.body, func(n *html.Node) bool { return htmlAttr(n, "name") == "clinical_access" })) != 1 {
		t.Fatal("the user page has no clinical access box")
	}
	if res := admin.post(path, form("clinical_access_shown", "1", "clinical_access", "1")); res.status != http.StatusUnprocessableEntity || granted() {
		t.Errorf("granted without the administrator's password: %d", res.status)
	}
	if res := admin.post(path, form("clinical_access_shown", "1", "clinical_access", "1", "role_current_password", storetest.Password)); res.status != http.StatusSeeOther || !granted() {
		t.Fatalf("grant: %d %v", res.status, htmlText(htmlNodes(t, res.body, func(n *html.Node) bool { return htmlAttr(n, "class") == "field-error" })[0]))
	}
	if res := admin.post(path, form("display_name", "DM")); res.status != http.StatusSeeOther || !granted() {
		t.Errorf("an edit without the box revoked the grant: %d", res.status)
	}
	if res := admin.post(path, form("clinical_access_shown", "1")); res.status != http.StatusSeeOther || granted() {
		t.Errorf("the box unticked did not revoke: %d", res.status)
	}
}
