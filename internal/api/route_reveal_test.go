package api_test

import (
	"testing"

	"github.com/haki-kenya/haki/internal/storetest"
)

// revealCanaries are the names and sealed texts the seeded records hold
// (api_test.go): persons, clients, victims, an incident's title and
// narrative, an officer.
var revealCanaries = []string{"Juma Otieno", "Wanjiru Kamau", "Achieng Odhiambo", "Beating at Kilimani station",
	"Narrative naming", "Officer X"}

// checkRevealAudited fails when an answer shows one of the canaries and the
// request left no "view" (or "export") entry in the audit log.
func checkRevealAudited(t *testing.T, w *world, who string, res response) {
	t.Helper()
	storetest.CheckRevealRecorded(t, w.s, w.users[who], res.header.Get("X-Request-Id"), string(res.raw), revealCanaries)
}
