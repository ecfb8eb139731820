package web

import (
	"net/http"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// The pages people use all day only read: on SQLite a write transaction
// holds the one writer, so bookkeeping on every request made every reader
// queue behind every other. Audit entries of what was seen are the one
// write a read may make (Store.WriteCounts tells them apart).
func TestReadPagesDoNotWrite(t *testing.T) {
	storetest.Run(t, func(t *testing.T, st *store.Store) {
		app := newTestApp(t, st)
		admin := app.users[haki.RoleAdmin]
		inc := mustIncident(t, st, admin, "Shooting at Kibera")
		mustAct(t, st, admin, inc, mustPerson(t, st, admin, "Juma Otieno"))
		c := mustCase(t, st, admin, app.users[haki.RoleCaseworker].TeamID, false)
		pages := []string{"/", "/incidents", "/incidents?county=KE-047&year=2024", "/incidents/" + inc.ID,
			"/cases/" + c.ID, "/calendar?view=week", "/reports/executions?year=2024&county=KE-047",
			"/reports/torture?year=2024"}
		for _, role := range []haki.Role{haki.RoleAdmin, haki.RoleCaseworker} {
			browser := app.sessionClient(t, role)
			for _, path := range pages {
				before := st.WriteCounts()
				for range 3 {
					if res := browser.get(path); res.status != http.StatusOK {
						t.Fatalf("%s GET %s: status %d", role, path, res.status)
					}
				}
				if got := st.WriteCounts().Other() - before.Other(); got != 0 {
					t.Errorf("%s GET %s three times: %d write transactions besides audit entries, want 0", role, path, got)
				}
			}
		}
	})
}
