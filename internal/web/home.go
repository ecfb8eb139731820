package web

import (
	"net/http"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
)

// homeLimit is how many lines each block of the home page shows; each
// block links to its full list.
const homeLimit = 8

// homePage is the home page: what the role has to do today first, the
// figures last.
type homePage struct {
	Page
	followupHelpers
	Year, Month         string
	YearCount, MonthCnt int
	// Today are the entries of my calendar today (Nairobi), Day its date.
	Today []*haki.Occurrence
	Date  string
	// MyTasks are my open tasks due today or before, soonest first.
	MyTasks taskRows
	// OverdueReferrals are my own referrals past due; OverdueMore says
	// there are more.
	OverdueReferrals []*haki.Referral
	OverdueMore      bool
	// Submissions are the incidents I recorded last (monitors, caseworkers).
	Submissions []*store.HomeIncident
	// Queue is the verification queue (data managers, administrators).
	Queue     []*store.HomeIncident
	QueueMore bool
	// Reports are the reports from the public waiting for triage, and how
	// long the oldest has waited (those who triage).
	Reports    *haki.QueueCount
	ReportsAge time.Duration
	// OutboxTrouble counts messages failed or stopped (administrators).
	OutboxTrouble int
	// Figures are the report figures of this year and month (dashboard.go).
	Figures *dashboardBlock
	Vocab   Vocab
}

// Entry builds a calEntry for the shared entry template.
func (p homePage) Entry(o *haki.Occurrence) calEntry {
	return calEntry{O: o, Link: entryLink(o), P: calendarPage{Page: p.Page}}
}

// home shows each role its day: a caseworker's or professional's
// appointments and sessions today, tasks due and own overdue referrals; a
// monitor's own submissions; the verification queue for data managers and
// administrators, and the outbox's trouble for administrators; then the
// figures every role may see. One store call per block.
func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	now := s.now()
	today := haki.Today(now)
	p := homePage{Page: s.page(w, r, "nav.home"), Year: today.Format("2006"), Month: today.Format("2006-01"), Date: today.Format(time.DateOnly)}
	u := p.User
	var err error
	if u.Can(haki.PermTasks) {
		from := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, haki.Nairobi)
		if p.Today, err = s.store.FindCalendar(ctx, haki.CalendarQuery{From: from, To: from.AddDate(0, 0, 1), Limit: 30}); err != nil {
			return err
		}
		tasks, _, err := s.store.FindTasks(ctx, haki.TaskFilter{Scope: "mine", Status: haki.TaskOpen, DueBy: today, Limit: homeLimit})
		if err != nil {
			return err
		}
		p.MyTasks = taskRows{Page: p.Page, Tasks: tasks, Today: today}
	}
	if u.Can(haki.PermCaseRead) && !u.Role.SeesAllRecords() {
		refs, err := s.store.FindMyOverdueReferrals(ctx, homeLimit+1)
		if err != nil {
			return err
		}
		p.OverdueReferrals, p.OverdueMore = refs[:min(len(refs), homeLimit)], len(refs) > homeLimit
	}
	if u.Can(haki.PermIncidentWrite) && !u.Role.SeesAllRecords() {
		if p.Submissions, err = s.store.FindMySubmissions(ctx, homeLimit); err != nil {
			return err
		}
	}
	if u.Can(haki.PermIncidentWrite) && u.Role.SeesAllRecords() {
		q, err := s.store.FindVerificationQueue(ctx, homeLimit+1)
		if err != nil {
			return err
		}
		p.Queue, p.QueueMore = q[:min(len(q), homeLimit)], len(q) > homeLimit
	}
	if u.Can(haki.PermTriage) {
		q, err := s.store.CountPublicReportQueue(ctx)
		if err != nil {
			return err
		}
		p.Reports = &q
		if !q.Oldest.IsZero() {
			p.ReportsAge = max(now.Sub(q.Oldest), 0)
		}
	}
	if u.Can(haki.PermSettings) {
		if p.OutboxTrouble, err = s.store.CountOutboxTrouble(ctx); err != nil {
			return err
		}
	}
	if len(p.Submissions) > 0 || len(p.Queue) > 0 {
		if p.Vocab, err = s.vocab(ctx, p.Lang, "verification"); err != nil {
			return err
		}
	}
	if p.YearCount, err = s.store.CountIncidents(ctx, haki.IncidentFilter{Year: today.Year()}); err != nil {
		return err
	}
	if p.MonthCnt, err = s.store.CountIncidents(ctx, haki.IncidentFilter{Year: today.Year(), Month: int(today.Month())}); err != nil {
		return err
	}
	if p.Figures, err = s.dashboard(ctx, p.Page); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "home", p)
}
