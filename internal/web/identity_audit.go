package web

import (
	"net/http"

	"github.com/haki-kenya/haki"
)

// auditShown records that a page showed the caller the identities of the
// persons ids (one audit entry per page view), so a breach can be traced to
// the accounts that saw whom. Roles that see no identities are shown none,
// and nothing is recorded for them.
func (s *Server) auditShown(r *http.Request, ids []string, purpose string) error {
	u := haki.UserFromContext(r.Context())
	if u == nil || !u.Role.SeesIdentities() {
		return nil
	}
	return s.store.AuditView(r.Context(), "person", ids, purpose)
}

// shownPersons returns the ids of the persons of a list whose identities
// are shown (not redacted).
func shownPersons(persons []*haki.Person) []string {
	var ids []string
	for _, p := range persons {
		if !p.Redacted {
			ids = append(ids, p.ID)
		}
	}
	return ids
}

// shownClients returns the ids of the clients whose names a list of cases shows.
func shownClients(cases []*haki.Case) []string {
	var ids []string
	for _, c := range cases {
		if c.ClientName != "" {
			ids = append(ids, c.ClientID)
		}
	}
	return ids
}

// shownVictims returns the ids of the victims whose names an incident's acts show.
func shownVictims(acts []*haki.Act) []string {
	var ids []string
	for _, a := range acts {
		if a.VictimName != "" {
			ids = append(ids, a.VictimID)
		}
	}
	return ids
}
