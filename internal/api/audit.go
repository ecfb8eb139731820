package api

import (
	"net/http"
	"strconv"

	"github.com/haki-kenya/haki"
)

// listAudit pages back through the audit log: next_cursor is the before_id
// of the next page.
func (s *Server) listAudit(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := haki.AuditFilter{Entity: q.Get("entity"), EntityID: q.Get("entity_id"), UserID: q.Get("user_id"), Action: q.Get("action")}
	var err error
	if f.From, err = timeParam(r, "from"); err != nil {
		return err
	}
	if f.To, err = timeParam(r, "to"); err != nil {
		return err
	}
	before, err := intParam(r, "before_id")
	if err != nil {
		return err
	}
	f.BeforeID = int64(before)
	if f.Limit, err = intParam(r, "limit"); err != nil {
		return err
	}
	entries, err := s.store.FindAuditEntries(r.Context(), f)
	if err != nil {
		return err
	}
	// A full page may have more behind it; the store pages by 50, at most 200.
	page := f.Limit
	if page <= 0 {
		page = 50
	}
	var next string
	if n := len(entries); n > 0 && n == min(page, 200) {
		next = strconv.FormatInt(entries[n-1].ID, 10)
	}
	return writeList(w, entries, next)
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
