package api_test

import (
	"context"
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
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
	shown := ""
	for _, c := range revealCanaries {
		if strings.Contains(string(res.raw), c) {
			shown = c
			break
		}
	}
	if shown == "" {
		return
	}
	u := w.users[who]
	if !u.Role.SeesIdentities() {
		t.Errorf("a %s was shown %q", u.Role, shown)
		return
	}
	rid := res.header.Get("X-Request-Id")
	es, err := w.s.FindAuditEntries(haki.SystemContext(context.Background()), haki.AuditFilter{UserID: u.ID, Limit: 200})
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
