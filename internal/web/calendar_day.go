package web

import (
	"net/http"
	"time"

	"github.com/haki-kenya/haki"
)

// calDayPage is a colleague's own day: their events, the tasks due, and
// their short diary notes.
type calDayPage struct {
	Page
	followupHelpers
	Date             time.Time
	Prev, Next, Link string
	Entries          []*haki.Occurrence
	Tasks            []*haki.Task
	Notes            []*haki.DiaryNote
	Body             string // a note as typed, when it was refused
}

// Entry builds a calEntry for the shared entry template.
func (p calDayPage) Entry(o *haki.Occurrence) calEntry {
	return calEntry{O: o, Link: entryLink(o), P: calendarPage{Page: p.Page}}
}

// DayName is the weekday of the page's day, translated.
func (p calDayPage) DayName() string { return calendarPage{Page: p.Page}.DayName(p.Date) }

func (s *Server) calendarDay(w http.ResponseWriter, r *http.Request) error {
	q := s.parseCalQuery(r)
	return s.renderCalDay(w, r, calDayPage{Page: s.page(w, r, "calendar.day.title")}, q.Date, http.StatusOK)
}

func (s *Server) renderCalDay(w http.ResponseWriter, r *http.Request, p calDayPage, day time.Time, status int) error {
	ctx := r.Context()
	u := haki.UserFromContext(ctx)
	p.Date = day
	p.Link = "/calendar/day?date=" + day.Format(time.DateOnly)
	p.Prev = "/calendar/day?date=" + day.AddDate(0, 0, -1).Format(time.DateOnly)
	p.Next = "/calendar/day?date=" + day.AddDate(0, 0, 1).Format(time.DateOnly)
	var err error
	if p.Entries, err = s.store.FindCalendar(ctx, haki.CalendarQuery{From: day.UTC(), To: day.AddDate(0, 0, 1).UTC(), OwnerUserID: u.ID}); err != nil {
		return err
	}
	date := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
	if p.Tasks, _, err = s.store.FindTasks(ctx, haki.TaskFilter{Scope: "mine", Status: haki.TaskOpen, DueBy: date, Limit: 50}); err != nil {
		return err
	}
	if p.Notes, err = s.store.FindDiaryNotes(ctx, date, date); err != nil {
		return err
	}
	return s.render(w, r, status, "calendar_day", p)
}
