package api

import (
	"net/http"

	"github.com/haki-kenya/haki"
)

// auditShown records that a response gave the caller the identities of the
// persons ids (one audit entry per request). Roles that see no identities
// get none, and nothing is recorded for them.
func (s *Server) auditShown(r *http.Request, ids []string, purpose string) error {
	u := haki.UserFromContext(r.Context())
	if u == nil || !u.Role.SeesIdentities() {
		return nil
	}
	return s.store.AuditView(r.Context(), "person", ids, "api: "+purpose)
}

// listIdentityReads answers a breach question: which persons' identifying
// data each account saw between from and to.
func (s *Server) listIdentityReads(w http.ResponseWriter, r *http.Request) error {
	from, err := timeParam(r, "from")
	if err != nil {
		return err
	}
	to, err := timeParam(r, "to")
	if err != nil {
		return err
	}
	reads, err := s.store.FindIdentityReads(r.Context(), from, to, r.URL.Query().Get("user_id"))
	if err != nil {
		return err
	}
	return writeList(w, reads, "")
}
