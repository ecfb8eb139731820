package web

import (
	"encoding/json"
	"strings"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
)

// auditWord is the label of a code of the log, or, for a code without one,
// the code as words ("end_sessions" -> "end sessions").
func (p Page) auditWord(prefix, code string) string {
	if l := p.T(prefix + code); l != prefix+code {
		return l
	}
	return strings.ReplaceAll(code, "_", " ")
}

// auditOption is a choice of a filter: a code and its label.
type auditOption struct{ Code, Label string }

func (p Page) auditOptions(prefix string, codes []string) []auditOption {
	out := make([]auditOption, len(codes))
	for i, c := range codes {
		out[i] = auditOption{Code: c, Label: p.auditWord(prefix, c)}
	}
	return out
}

// auditWho names the colleague who did what an entry says: their name and
// role, or "System" for what no one signed in did.
func (p Page) auditWho(e *haki.AuditEntry, users map[string]*haki.User) string {
	u := users[e.UserID]
	switch {
	case u != nil && u.DisplayName != "":
		return u.DisplayName + " (" + p.T("user.role."+string(u.Role)) + ")"
	case u != nil:
		return u.Username + " (" + p.T("user.role."+string(u.Role)) + ")"
	case e.Username != "":
		return e.Username
	}
	return p.T("audit.system")
}

// auditSentence says an entry as a sentence: who did what to which record
// (the page shows when beside it). A record is named by its reference
// where it has one, never by its internal id.
func (p Page) auditSentence(e *haki.AuditEntry, users map[string]*haki.User, refs map[string]string) string {
	thing := p.auditWord("audit.entity.", e.Entity)
	if ref := refs[e.EntityID]; ref != "" {
		thing += " " + ref
	} else if u := users[e.EntityID]; u != nil {
		thing += " " + u.Username
	}
	if viewed := store.ViewedIDs(e); len(viewed) > 0 {
		thing = p.auditViewed(thing, viewed, refs)
	}
	return p.T("audit.sentence", p.auditWho(e, users), p.auditWord("audit.action.", e.Action), thing)
}

// auditViewed names what a "view" entry says was shown: the first records
// by reference, and how many more.
func (p Page) auditViewed(thing string, ids []string, refs map[string]string) string {
	var named []string
	for _, id := range ids[:min(len(ids), store.MaxViewedRefs)] {
		if ref := refs[id]; ref != "" {
			named = append(named, ref)
		}
	}
	if len(named) > 0 {
		thing += " " + strings.Join(named, ", ")
	}
	if more := len(ids) - len(named); more > 0 {
		if len(named) == 0 {
			return p.T("audit.viewed_count", thing, len(ids))
		}
		return p.T("audit.viewed_more", thing, more)
	}
	return thing
}

// auditValue shows a recorded value: a text without its quotes, a list or
// an object as its compact JSON (kept for the detail of a change).
func auditValue(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	if string(raw) == "null" {
		return ""
	}
	return string(raw)
}
