package web

import (
	"context"
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
)

// revealCanaries are the names and sealed texts the route walk's records
// hold (helpers_test.go): persons, clients, victims, an incident's title
// and narrative, a source's description, an officer.
var revealCanaries = []string{"Juma Otieno", "Wanjiku Kamau", "Achieng Odhiambo", "Halima Abdi",
	"Shooting at Kayole", "Beaten at the station", "Told by the brother", "Cpl. Otieno"}

// checkRevealAudited fails when a response shows one of the canaries and
// the request left no "view" (or "export") entry in the audit log.
func checkRevealAudited(t *testing.T, app *testApp, role haki.Role, res response) {
	t.Helper()
	shown := ""
	for _, c := range revealCanaries {
		if strings.Contains(res.body, c) {
			shown = c
			break
		}
	}
	if shown == "" {
		return
	}
	if !role.SeesIdentities() {
		t.Errorf("a %s was shown %q", role, shown)
		return
	}
	rid := res.header.Get("X-Request-Id")
	es, err := app.store.FindAuditEntries(haki.SystemContext(context.Background()), haki.AuditFilter{UserID: app.users[role].ID, Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		if e.RequestID == rid && (e.Action == "view" || e.Action == "export") {
			return
		}
	}
	t.Errorf("the answer shows %q but the request (%s) left no view entry", shown, rid)
}
