package web

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/storetest"
)

// An administrator sets a colleague's email address on the account page,
// with their own password, as for other changes that redirect an account.
func TestAdministratorSetsColleagueEmail(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	cw := app.users[haki.RoleCaseworker]
	admin := app.sessionClient(t, haki.RoleAdmin)
	form := func(email, password string) url.Values {
		return url.Values{"display_name": {cw.DisplayName}, "role": {string(cw.Role)}, "team_id": {cw.TeamID}, "language": {"en"},
			"email": {email}, "role_current_password": {password}}
	}
	if res := admin.post("/users/"+cw.ID, form("wanjiru@example.org", "")); res.status != http.StatusUnprocessableEntity {
		t.Errorf("without the password: %d", res.status)
	}
	if res := admin.post("/users/"+cw.ID, form("not an address", storetest.Password)); res.status != http.StatusUnprocessableEntity {
		t.Errorf("a bad address: %d", res.status)
	}
	if res := admin.post("/users/"+cw.ID, form("wanjiru@example.org", storetest.Password)); res.status != http.StatusSeeOther {
		t.Fatalf("with the password: %d %s", res.status, res.body)
	}
	u, err := app.store.FindUserByID(storetest.As(app.users[haki.RoleAdmin]), cw.ID)
	if err != nil || u.Email != "wanjiru@example.org" {
		t.Errorf("email %q, %v", u.Email, err)
	}
}
