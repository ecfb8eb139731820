package web

import (
	"net/http"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
)

// auditBreachPage is the data of the breach helper: which persons'
// identifying data each account saw in a window of time.
type auditBreachPage struct {
	Page
	From, To, Account string // the form as sent
	Users             []*haki.User
	Asked             bool // the form was sent and read cleanly
	Accounts          []breachAccount
}

// breachAccount is one account and the identities it saw, oldest first.
type breachAccount struct {
	Username string
	UserID   string
	Persons  int // distinct persons
	Reads    []store.IdentityRead
}

// auditBreach answers "which persons' identifying data did which accounts
// read between two times" from the audit log. Times are UTC; a bare day
// means its midnight, and the end is excluded.
func (s *Server) auditBreach(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	p := auditBreachPage{Page: s.page(w, r, "audit.breach.title"), From: q.Get("from"), To: q.Get("to"), Account: q.Get("user")}
	var err error
	if p.Users, err = s.store.FindUsers(ctx); err != nil {
		return err
	}
	if p.From == "" && p.To == "" {
		return s.render(w, r, http.StatusOK, "audit_breach", p)
	}
	problems := haki.Problems{}
	from, ok := parseWhen(p.From)
	if !ok {
		problems.Add("from", p.T("audit.breach.when_hint"))
	}
	to, ok := parseWhen(p.To)
	if !ok {
		problems.Add("to", p.T("audit.breach.when_hint"))
	} else if len(p.To) == len(time.DateOnly) {
		to = to.AddDate(0, 0, 1) // the whole of the last day
	}
	if len(problems) == 0 && !from.Before(to) {
		problems.Add("to", p.T("audit.breach.to_after_from"))
	}
	if len(problems) > 0 {
		p.Errors = problems
		return s.render(w, r, http.StatusUnprocessableEntity, "audit_breach", p)
	}
	reads, err := s.store.FindIdentityReads(ctx, from, to, p.Account)
	if err != nil {
		return err
	}
	p.Asked, p.Accounts = true, groupReads(reads)
	return s.render(w, r, http.StatusOK, "audit_breach", p)
}

// parseWhen reads a day or a datetime-local value (2026-03-01T14:00), in UTC.
func parseWhen(s string) (time.Time, bool) {
	for _, layout := range []string{time.DateOnly, "2006-01-02T15:04", "2006-01-02T15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// groupReads gathers the reads, already ordered by account, per account.
func groupReads(reads []store.IdentityRead) []breachAccount {
	var out []breachAccount
	var seen map[string]bool
	for _, rd := range reads {
		if len(out) == 0 || out[len(out)-1].UserID != rd.UserID {
			out = append(out, breachAccount{Username: rd.Username, UserID: rd.UserID})
			seen = map[string]bool{}
		}
		a := &out[len(out)-1]
		a.Reads = append(a.Reads, rd)
		if !seen[rd.PersonID] {
			seen[rd.PersonID] = true
			a.Persons++
		}
	}
	return out
}
