package web

import (
	"net/url"
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// privacyManagers may export, erase and read the register.
var privacyManagers = []haki.Role{haki.RoleAdmin, haki.RoleDataManager}

// privacyPersonID gives {id} a fresh person, for the routes of route_test.go.
func privacyPersonID(tb testing.TB, app *testApp) map[string]string {
	return map[string]string{"id": mustPerson(tb, app.store, app.users[haki.RoleAdmin], "Achieng Odhiambo").ID}
}

// privacyCaseID gives {id} a fresh case.
func privacyCaseID(tb testing.TB, app *testApp) map[string]string {
	return map[string]string{"id": mustCase(tb, app.store, app.users[haki.RoleAdmin], "", false).ID}
}

func TestPrivacyPages(t *testing.T) {
	storetest.Run(t, func(t *testing.T, st *store.Store) {
		app := newTestApp(t, st)
		admin := app.users[haki.RoleAdmin]
		inc := mustIncident(t, st, admin, "Shooting at Kayole")
		victim := mustPerson(t, st, admin, "Wanjiru Kamau")
		other := mustPerson(t, st, admin, "Otieno Ochieng")
		mustAct(t, st, admin, inc, victim)
		mustAct(t, st, admin, inc, other)
		dm := app.sessionClient(t, haki.RoleDataManager)

		res := dm.get("/persons/" + victim.ID + "/export.json")
		if res.status != 200 || !strings.Contains(res.body, "Wanjiru Kamau") || strings.Contains(res.body, "Otieno") {
			t.Fatalf("export.json: %d %s", res.status, res.body)
		}
		res = dm.get("/persons/" + victim.ID + "/export.pdf")
		if res.status != 200 || !strings.HasPrefix(res.body, "%PDF-") || res.header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("export.pdf: %d %.40q", res.status, res.body)
		}
		res = dm.get("/privacy/register")
		if res.status != 200 || !strings.Contains(res.body, "national_id") {
			t.Errorf("register: %d", res.status)
		}

		// Erasure: a reason is required; then the name is gone everywhere.
		if res = dm.post("/persons/"+victim.ID+"/erase", url.Values{"reason": {""}}); res.status != 422 {
			t.Errorf("erase without reason: %d", res.status)
		}
		if res = dm.post("/persons/"+victim.ID+"/erase", url.Values{"reason": {"data subject's request"}}); res.status != 303 {
			t.Fatalf("erase: %d %s", res.status, res.body)
		}
		for _, path := range []string{"/persons/" + victim.ID, "/incidents/" + inc.ID, "/persons/" + victim.ID + "/history", "/persons/" + victim.ID + "/privacy"} {
			res := dm.get(path)
			if res.status != 200 || strings.Contains(res.body, "Wanjiru") {
				t.Errorf("%s after erasure: %d, name shown: %v", path, res.status, strings.Contains(res.body, "Wanjiru"))
			}
		}
		if res := dm.get("/persons/" + victim.ID); !strings.Contains(res.body, app.server.cat.T("en", "privacy.erased")) {
			t.Errorf("the person page does not say Erased")
		}
		if res := dm.post("/persons/search", url.Values{"q": {"Wanjiru"}}); strings.Contains(res.body, victim.Ref) {
			t.Errorf("search finds the erased person")
		}

		// A legal hold set by an administrator blocks erasure.
		ad := app.sessionClient(t, haki.RoleAdmin)
		if res := ad.post("/persons/"+other.ID+"/legal-hold", url.Values{"hold": {"set"}, "reason": {"inquest"}}); res.status != 303 {
			t.Fatalf("hold: %d", res.status)
		}
		if res := dm.post("/persons/"+other.ID+"/erase", url.Values{"reason": {"request"}}); res.status != 409 {
			t.Errorf("erase under hold: %d", res.status)
		}
		if res := ad.get("/privacy/retention"); res.status != 200 || !strings.Contains(res.body, app.server.cat.T("en", "privacy.retention.dry_run")) {
			t.Errorf("retention: %d", res.status)
		}
	})
}
