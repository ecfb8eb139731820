package storetest

import (
	"context"
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
)

// FirstShown returns the first of canaries that body holds, or "".
func FirstShown(body string, canaries []string) string {
	for _, c := range canaries {
		if strings.Contains(body, c) {
			return c
		}
	}
	return ""
}

// CheckRevealRecorded fails the test when body shows one of canaries to
// user and the request requestID left no "view" or "export" entry in the
// audit log; a role that may not see identities fails for being shown one.
func CheckRevealRecorded(tb testing.TB, s *store.Store, user *haki.User, requestID, body string, canaries []string) {
	tb.Helper()
	shown := FirstShown(body, canaries)
	if shown == "" {
		return
	}
	if !user.Role.SeesIdentities() {
		tb.Errorf("a %s was shown %q", user.Role, shown)
		return
	}
	es, err := s.FindAuditEntries(haki.SystemContext(context.Background()), haki.AuditFilter{UserID: user.ID, Limit: 200})
	if err != nil {
		tb.Fatal(err)
	}
	for _, e := range es {
		if e.RequestID == requestID && (e.Action == "view" || e.Action == "export") {
			return
		}
	}
	tb.Errorf("the answer shows %q but the request (%s) left no view entry", shown, requestID)
}
