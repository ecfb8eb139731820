package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
)

// auditListPage is the data of the audit log.
type auditListPage struct {
	Page
	Filter   auditFilter
	Users    []*haki.User
	Actions  []auditOption
	Entities []auditOption
	Entries  []auditRow
	Older    string // link to the next, older page; "" on the last
	// Record names the record whose history is shown (filtered by id).
	Record string
}

// auditFilter is the log's filter as the GET form sends it. Nothing in it
// names a person: entity ids are UUIDs.
type auditFilter struct {
	Entity, EntityID, Action, User, From, To, BeforeID string
}

// auditRow is an entry with what changed between before and after.
type auditRow struct {
	*haki.AuditEntry
	Sentence string // who did what to which record, when
	Changes  []auditChange
	// Chain is "intact" when the entry matches its hash and links to the
	// entry before it, "broken" when not, "" when not checked (or written
	// before the chain began).
	Chain string
}

// auditChange is one top-level field of a record that differs.
type auditChange struct {
	Field, Before, After string
}

const auditPageSize = 50

// auditList shows the log, newest first, a page at a time by keyset
// (entries older than before_id).
func (s *Server) auditList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	f := auditFilter{Entity: q.Get("entity"), EntityID: q.Get("entity_id"), Action: q.Get("action"), User: q.Get("user"),
		From: q.Get("from"), To: q.Get("to"), BeforeID: q.Get("before_id")}
	p := auditListPage{Page: s.page(w, r, "audit.list.title"), Filter: f}
	af := haki.AuditFilter{Entity: f.Entity, EntityID: f.EntityID, Action: f.Action, UserID: f.User, Limit: auditPageSize}
	problems := haki.Problems{}
	if f.From != "" {
		t, err := time.Parse("2006-01-02", f.From)
		if err != nil {
			problems.Add("from", p.T("common.date_day_hint"))
		}
		af.From = t
	}
	if f.To != "" {
		t, err := time.Parse("2006-01-02", f.To)
		if err != nil {
			problems.Add("to", p.T("common.date_day_hint"))
		} else {
			af.To = t.AddDate(0, 0, 1) // the whole of the last day
		}
	}
	if f.BeforeID != "" {
		af.BeforeID, _ = strconv.ParseInt(f.BeforeID, 10, 64)
	}
	var err error
	if p.Users, err = s.store.FindUsers(ctx); err != nil {
		return err
	}
	p.Actions, p.Entities = p.auditOptions("audit.action.", store.AuditActions), p.auditOptions("audit.entity.", store.AuditEntities)
	if len(problems) > 0 {
		p.Errors = problems
		return s.render(w, r, http.StatusUnprocessableEntity, "audit_list", p)
	}
	entries, err := s.store.FindAuditEntries(ctx, af)
	if err != nil {
		return err
	}
	// A record's history (filtered by record id) shows whether each of its
	// entries still matches the hash chain; haki audit verify proves the whole.
	checked := map[int64]bool{}
	if f.EntityID != "" {
		ids := make([]int64, len(entries))
		for i, e := range entries {
			ids[i] = e.ID
		}
		if checked, err = s.store.CheckAuditEntries(ctx, ids); err != nil {
			return err
		}
	}
	refs, err := s.store.FindAuditRefs(ctx, entries)
	if err != nil {
		return err
	}
	users := map[string]*haki.User{}
	for _, u := range p.Users {
		users[u.ID] = u
	}
	if f.EntityID != "" {
		p.Record = p.auditWord("audit.entity.", f.Entity)
		if ref := refs[f.EntityID]; ref != "" {
			p.Record += " " + ref
		}
	}
	for _, e := range entries {
		row := auditRow{AuditEntry: e, Sentence: p.auditSentence(e, users, refs)}
		if store.ViewedIDs(e) == nil { // a view's detail is what its sentence says
			row.Changes = auditChanges(e.Before, e.After)
		}
		if ok, found := checked[e.ID]; found {
			row.Chain = map[bool]string{true: "intact", false: "broken"}[ok]
		}
		p.Entries = append(p.Entries, row)
	}
	if len(entries) == auditPageSize {
		p.Older = f.olderURL(entries[len(entries)-1].ID)
	}
	return s.render(w, r, http.StatusOK, "audit_list", p)
}

// olderURL is the link to the page of entries before id, with the same filter.
func (f auditFilter) olderURL(id int64) string {
	v := url.Values{}
	for k, s := range map[string]string{"entity": f.Entity, "entity_id": f.EntityID, "action": f.Action, "user": f.User, "from": f.From, "to": f.To} {
		if s != "" {
			v.Set(k, s)
		}
	}
	v.Set("before_id", strconv.FormatInt(id, 10))
	return "/audit?" + v.Encode()
}

// auditChanges compares the top-level fields of two JSON objects and lists
// those that differ, in name order. A side that is not an object (or empty)
// counts as having no fields.
func auditChanges(before, after string) []auditChange {
	b, a := jsonFields(before), jsonFields(after)
	var keys []string
	for k := range b {
		keys = append(keys, k)
	}
	for k := range a {
		if _, ok := b[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var out []auditChange
	for _, k := range keys {
		if !bytes.Equal(b[k], a[k]) {
			out = append(out, auditChange{Field: strings.ReplaceAll(k, "_", " "), Before: auditValue(b[k]), After: auditValue(a[k])})
		}
	}
	return out
}

func jsonFields(s string) map[string]json.RawMessage {
	m := map[string]json.RawMessage{}
	if s != "" {
		json.Unmarshal([]byte(s), &m)
	}
	return m
}
