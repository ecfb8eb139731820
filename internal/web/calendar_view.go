package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/haki-kenya/haki"
)

// calMonthMax is how many entries a day of the month view shows before
// "+k more", which links to the day.
const calMonthMax = 3

// calDay is one day of a view with its entries.
type calDay struct {
	Date    time.Time // midnight, Nairobi
	InMonth bool
	Today   bool
	Entries []*haki.Occurrence
	More    int // entries not shown (month view)
	Link    string
}

// calendarPage shows a calendar: a month, a week, a day or an agenda.
type calendarPage struct {
	Page
	followupHelpers
	View, Who, Kind, CaseID string
	Date                    time.Time // the day asked for, midnight Nairobi
	Heading                 string
	Prev, Next, TodayLink   string
	ViewLinks               map[string]string
	WeekdayNames            []string
	Weeks                   [][]*calDay
	Days                    []*calDay
	Colleagues              []*haki.User
	Kinds                   []string
	Count                   int
}

// calQuery is a calendar's address: view, date, whose, filters.
type calQuery struct {
	View, Who, Kind, CaseID string
	Date                    time.Time
}

func (q calQuery) url(view string, date time.Time) string {
	v := url.Values{}
	v.Set("view", view)
	if view == "month" {
		v.Set("date", date.Format("2006-01"))
	} else {
		v.Set("date", date.Format(time.DateOnly))
	}
	if q.Who != "" && q.Who != "me" {
		v.Set("who", q.Who)
	}
	if q.Kind != "" {
		v.Set("kind", q.Kind)
	}
	if q.CaseID != "" {
		v.Set("case", q.CaseID)
	}
	return "/calendar?" + v.Encode()
}

// nairobiDay is midnight in Nairobi of the day of t.
func nairobiDay(t time.Time) time.Time {
	y, m, d := t.In(haki.Nairobi).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, haki.Nairobi)
}

// parseCalQuery reads a calendar's query string: only codes and ids.
func (s *Server) parseCalQuery(r *http.Request) calQuery {
	v := r.URL.Query()
	q := calQuery{View: v.Get("view"), Who: v.Get("who"), Kind: v.Get("kind"), CaseID: v.Get("case")}
	if !slices.Contains([]string{"month", "week", "day", "agenda"}, q.View) {
		q.View = "month"
	}
	if q.Who == "" {
		q.Who = "me"
	}
	if !slices.Contains(haki.CalendarViewKinds, q.Kind) {
		q.Kind = ""
	}
	q.Date = nairobiDay(s.now())
	if d := v.Get("date"); d != "" {
		if t, err := time.ParseInLocation(time.DateOnly, d, haki.Nairobi); err == nil {
			q.Date = t
		} else if t, err := time.ParseInLocation("2006-01", d, haki.Nairobi); err == nil {
			q.Date = t
		}
	}
	return q
}

// window is the period a view shows, and the first day of its grid.
func (q calQuery) window() (time.Time, time.Time) {
	switch q.View {
	case "day":
		return q.Date, q.Date.AddDate(0, 0, 1)
	case "week":
		start := q.Date.AddDate(0, 0, -((int(q.Date.Weekday()) + 6) % 7))
		return start, start.AddDate(0, 0, 7)
	case "agenda":
		return q.Date, q.Date.AddDate(0, 0, 30)
	}
	first := time.Date(q.Date.Year(), q.Date.Month(), 1, 0, 0, 0, 0, haki.Nairobi)
	start := first.AddDate(0, 0, -((int(first.Weekday()) + 6) % 7))
	end := first.AddDate(0, 1, 0)
	end = end.AddDate(0, 0, (7-(int(end.Weekday())+6)%7)%7)
	return start, end
}

// calendarQuery turns "who" into the store's query.
func calendarQuery(u *haki.User, q calQuery, from, to time.Time) haki.CalendarQuery {
	cq := haki.CalendarQuery{From: from.UTC(), To: to.UTC(), CaseID: q.CaseID}
	if q.Kind != "" {
		cq.Kinds = []string{q.Kind}
	}
	switch {
	case q.Who == "team":
		cq.TeamID = u.TeamID
		if u.TeamID == "" {
			cq.OwnerUserID = u.ID
		}
	case q.Who == "org":
		cq.Org = true
	case strings.HasPrefix(q.Who, "user:"):
		cq.OwnerUserID = strings.TrimPrefix(q.Who, "user:")
	case strings.HasPrefix(q.Who, "team:"):
		cq.TeamID = strings.TrimPrefix(q.Who, "team:")
	default:
		if q.CaseID == "" {
			cq.OwnerUserID = u.ID
		}
	}
	return cq
}

func (s *Server) calendarView(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := haki.UserFromContext(ctx)
	q := s.parseCalQuery(r)
	from, to := q.window()
	cq := calendarQuery(u, q, from, to)
	cq.Brief = q.View == "month"
	occ, err := s.store.FindCalendar(ctx, cq)
	if err != nil {
		return err
	}
	p := calendarPage{Page: s.page(w, r, "calendar.title"), View: q.View, Who: q.Who, Kind: q.Kind, CaseID: q.CaseID, Date: q.Date,
		Kinds: haki.CalendarViewKinds, Count: len(occ)}
	today := nairobiDay(s.now())
	p.TodayLink = q.url(q.View, today)
	p.ViewLinks = map[string]string{}
	for _, v := range []string{"month", "week", "day", "agenda"} {
		p.ViewLinks[v] = q.url(v, q.Date)
	}
	for _, d := range []time.Weekday{1, 2, 3, 4, 5, 6, 0} {
		p.WeekdayNames = append(p.WeekdayNames, p.T("calendar.weekday."+strings.ToLower(d.String()[:3])))
	}
	// Days of the window, each with the entries that touch it.
	var days []*calDay
	for d := from; d.Before(to); d = d.AddDate(0, 0, 1) {
		days = append(days, &calDay{Date: d, Today: d.Equal(today), InMonth: d.Month() == q.Date.Month(), Link: q.url("day", d)})
	}
	// Nairobi keeps no daylight saving: every day is 24 hours.
	for _, o := range occ {
		i := max(0, int(o.Start.Sub(from)/(24*time.Hour)))
		for ; i < len(days); i++ {
			d := days[i]
			if !o.Start.Before(d.Date.Add(24 * time.Hour)) {
				continue
			}
			if !o.End.After(d.Date) && !o.Start.Equal(d.Date) {
				break
			}
			d.Entries = append(d.Entries, o)
		}
	}
	switch q.View {
	case "month":
		p.Heading = p.T("calendar.month."+strings.ToLower(q.Date.Month().String()[:3])) + " " + q.Date.Format("2006")
		first := time.Date(q.Date.Year(), q.Date.Month(), 1, 0, 0, 0, 0, haki.Nairobi)
		p.Prev, p.Next = q.url("month", first.AddDate(0, -1, 0)), q.url("month", first.AddDate(0, 1, 0))
		for _, d := range days {
			if len(d.Entries) > calMonthMax {
				d.More, d.Entries = len(d.Entries)-calMonthMax, d.Entries[:calMonthMax]
			}
		}
		for i := 0; i < len(days); i += 7 {
			p.Weeks = append(p.Weeks, days[i:min(i+7, len(days))])
		}
	case "week":
		p.Heading = from.Format(time.DateOnly) + " – " + to.AddDate(0, 0, -1).Format(time.DateOnly)
		p.Prev, p.Next = q.url("week", from.AddDate(0, 0, -7)), q.url("week", from.AddDate(0, 0, 7))
		p.Days = days
	case "day":
		p.Heading = p.T("calendar.weekday."+strings.ToLower(q.Date.Weekday().String()[:3])) + " " + q.Date.Format(time.DateOnly)
		p.Prev, p.Next = q.url("day", q.Date.AddDate(0, 0, -1)), q.url("day", q.Date.AddDate(0, 0, 1))
		p.Days = days
	default:
		p.Heading = from.Format(time.DateOnly) + " – " + to.AddDate(0, 0, -1).Format(time.DateOnly)
		p.Prev, p.Next = q.url("agenda", from.AddDate(0, 0, -30)), q.url("agenda", to)
		for _, d := range days {
			if len(d.Entries) > 0 {
				p.Days = append(p.Days, d)
			}
		}
	}
	if p.Colleagues, err = s.calendarColleagues(r); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "calendar_view", p)
}

// calendarColleagues lists the colleagues whose calendars the caller may
// open: their team's, or everyone's for administrators and data managers.
func (s *Server) calendarColleagues(r *http.Request) ([]*haki.User, error) {
	u := haki.UserFromContext(r.Context())
	staff, err := s.staffUsers(r.Context())
	if err != nil {
		return nil, nil // a role that may not list users sees only its own calendar
	}
	var out []*haki.User
	for _, c := range staff {
		if c.ID != u.ID && (u.Role.SeesAllRecords() || (u.TeamID != "" && c.TeamID == u.TeamID)) {
			out = append(out, c)
		}
	}
	return out, nil
}

// EntryLink is where an entry of a calendar leads: the event or occurrence,
// or a hearing's legal matter; "" for a busy entry.
func (calendarPage) EntryLink(o *haki.Occurrence) string { return entryLink(o) }

func entryLink(o *haki.Occurrence) string {
	switch {
	case o.Busy:
		return ""
	case o.Kind == haki.KindHearing:
		return "/matters/" + o.MatterID
	}
	k := o.Key()
	id, rid, _ := haki.ParseOccurrenceKey(k)
	if rid.IsZero() {
		return "/calendar/events/" + id
	}
	return "/calendar/events/" + id + "?at=" + rid.UTC().Format("20060102T150405Z")
}

// Time shows an instant as Nairobi hours and minutes.
func (followupHelpers) Time(t time.Time) string { return t.In(haki.Nairobi).Format("15:04") }

// WhoOptions lists the calendars the "who" select offers.
func (p calendarPage) WhoOptions() []fuOption {
	out := []fuOption{{Code: "me", Label: p.T("calendar.who.me")}}
	if p.User.TeamID != "" || p.User.Role.SeesAllRecords() {
		out = append(out, fuOption{Code: "team", Label: p.T("calendar.who.team")})
	}
	if p.User.Role.SeesAllRecords() || p.User.Role == haki.RoleCaseworker {
		out = append(out, fuOption{Code: "org", Label: p.T("calendar.who.org")})
	}
	for _, c := range p.Colleagues {
		out = append(out, fuOption{Code: "user:" + c.ID, Label: c.DisplayName})
	}
	return out
}

// ViewNames lists the views, in the order of their links.
func (calendarPage) ViewNames() []string { return []string{"month", "week", "day", "agenda"} }

// DayName is the weekday of a day, translated.
func (p calendarPage) DayName(t time.Time) string {
	return p.T("calendar.weekday." + strings.ToLower(t.Weekday().String()[:3]))
}

// calEntry is what the "cal-entry" template draws.
type calEntry struct {
	O    *haki.Occurrence
	Link string
	P    calendarPage
}

// Entry builds a calEntry.
func (p calendarPage) Entry(o *haki.Occurrence) calEntry {
	return calEntry{O: o, Link: entryLink(o), P: p}
}
