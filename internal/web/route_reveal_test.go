package web

import (
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/storetest"
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
	storetest.CheckRevealRecorded(t, app.store, app.users[role], res.header.Get("X-Request-Id"), res.body, revealCanaries)
}
