package web

import (
	"context"
	"time"

	"github.com/haki-kenya/haki"
)

// followupSection is what a case's page shows of its follow-up: the
// drop-out flag, appointments with attendance, contact attempts and tasks.
type followupSection struct {
	followupHelpers
	Risk         *haki.DropoutRisk
	Upcoming     []*haki.CalendarEvent // soonest first
	Past         []*haki.CalendarEvent // latest first, a few
	MorePast     bool
	Contacts     []*haki.ContactAttempt // latest few
	Tasks        []*haki.Task           // open ones, soonest due first
	Today        time.Time
	Now          time.Time
	CanSeeTasks  bool
	CaseID       string
	MoreContacts bool
}

// mattersSection is what a case's page shows of its legal matters.
type mattersSection struct {
	followupHelpers
	Matters []*haki.LegalMatter
}

// caseSectionRows bounds the lists of the case page, which must stay light.
const caseSectionRows = 5

// followupOf loads the follow-up section of a case the caller sees.
func (s *Server) followupOf(ctx context.Context, c *haki.Case) (followupSection, error) {
	f := followupSection{CaseID: c.ID, Today: haki.Today(s.now()), Now: s.now()}
	var err error
	if f.Risk, err = s.store.FindDropoutRisk(ctx, c.ID); err != nil {
		return f, err
	}
	events, err := s.store.FindAppointments(ctx, c.ID, 50)
	if err != nil {
		return f, err
	}
	now := s.now()
	for _, e := range events {
		if e.StartsAt.After(now) {
			f.Upcoming = append([]*haki.CalendarEvent{e}, f.Upcoming...)
		} else if len(f.Past) < caseSectionRows {
			f.Past = append(f.Past, e)
		} else {
			f.MorePast = true
		}
	}
	contacts, err := s.store.FindContactAttempts(ctx, c.ID, caseSectionRows+1)
	if err != nil {
		return f, err
	}
	if len(contacts) > caseSectionRows {
		contacts, f.MoreContacts = contacts[:caseSectionRows], true
	}
	f.Contacts = contacts
	if u := haki.UserFromContext(ctx); u.Can(haki.PermTasks) {
		f.CanSeeTasks = true
		if f.Tasks, _, err = s.store.FindTasks(ctx, haki.TaskFilter{Scope: "case", CaseID: c.ID, Status: haki.TaskOpen, Limit: 20}); err != nil {
			return f, err
		}
	}
	return f, nil
}

// mattersOf loads the legal matters of a case the caller sees.
func (s *Server) mattersOf(ctx context.Context, c *haki.Case) (mattersSection, error) {
	m, err := s.store.FindMatters(ctx, c.ID)
	return mattersSection{Matters: m}, err
}
