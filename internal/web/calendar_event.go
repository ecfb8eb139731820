package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/recur"
)

// calEventFormPage creates or edits an event, a series or one occurrence.
type calEventFormPage struct {
	Page
	followupHelpers
	Event      *haki.CalendarEvent
	Action     string // the form's action
	Occurrence bool   // editing one occurrence of a series
	At         string // the occurrence's key
	Scope      string // "one" or "all", when editing an occurrence
	Colleagues []*haki.User
	Staff      []string // chosen colleagues' ids
	Owner      string   // "me", "team" or "user:<id>"
	CaseRef    string
	Clients    string // case references, separated by commas
	StartsAt   string
	Minutes    string
	MinuteOpts []int
	Freq       string
	Interval   string
	Count      string
	Until      string
	Clashes    []*haki.Clash
	Kinds      []string
}

func (s *Server) renderCalEventForm(w http.ResponseWriter, r *http.Request, p calEventFormPage, status int) error {
	var err error
	if p.Colleagues, err = s.staffUsers(r.Context()); err != nil {
		return err
	}
	p.MinuteOpts = []int{30, 45, 60, 90, 120, 180, 240, 480}
	p.Kinds = haki.CalendarKinds
	return s.render(w, r, status, "calendar_event_form", p)
}

func (s *Server) calEventNew(w http.ResponseWriter, r *http.Request) error {
	start := s.now().In(haki.Nairobi).Add(24 * time.Hour).Truncate(time.Hour)
	if d, err := time.ParseInLocation(time.DateOnly, r.URL.Query().Get("date"), haki.Nairobi); err == nil {
		start = d.Add(9 * time.Hour)
	}
	p := calEventFormPage{Page: s.page(w, r, "calendar.new.title"), Event: &haki.CalendarEvent{Kind: haki.KindMeeting}, Action: "/calendar/events",
		Owner: "me", StartsAt: followupHelpers{}.LocalInput(start), Minutes: "60", Interval: "1", Staff: []string{haki.UserFromContext(r.Context()).ID}}
	if k := r.URL.Query().Get("kind"); slices.Contains(haki.CalendarKinds, k) {
		p.Event.Kind = k
	}
	if id := r.URL.Query().Get("case"); id != "" {
		c, err := s.store.FindCaseByID(r.Context(), id)
		if err != nil {
			return err
		}
		p.CaseRef = c.Ref
	}
	return s.renderCalEventForm(w, r, p, http.StatusOK)
}

// readCalEvent reads the event form into e, resolving case references.
func (s *Server) readCalEvent(r *http.Request, f *form, e *haki.CalendarEvent, p *calEventFormPage) {
	ctx := r.Context()
	u := haki.UserFromContext(ctx)
	e.Subtype, e.StartsAt, e.Location, e.Notes = f.str("subtype"), localTime(f, "starts_at"), f.str("location"), f.str("notes")
	p.StartsAt, p.Minutes, p.Owner, p.CaseRef, p.Clients = f.str("starts_at"), f.str("minutes"), f.str("owner"), f.str("case_ref"), f.str("clients")
	p.Freq, p.Interval, p.Count, p.Until, p.Staff = f.str("freq"), f.str("interval"), f.str("count"), f.str("until"), f.strs("staff")
	minutes, err := strconv.Atoi(p.Minutes)
	if err != nil || minutes < 5 || minutes > 7*24*60 {
		f.problems.Add("minutes", "Choose how long it lasts.")
	} else if !e.StartsAt.IsZero() {
		e.EndsAt = e.StartsAt.Add(time.Duration(minutes) * time.Minute)
	}
	if p.Occurrence && p.Scope == "one" {
		return // one occurrence: time, place, type and notes only
	}
	switch {
	case p.Owner == "team":
		e.OwnerUserID, e.OwnerTeamID = "", u.TeamID
	case strings.HasPrefix(p.Owner, "user:"):
		e.OwnerUserID, e.OwnerTeamID = strings.TrimPrefix(p.Owner, "user:"), ""
	default:
		e.OwnerUserID, e.OwnerTeamID = u.ID, ""
	}
	e.CaseID = ""
	if ref := p.CaseRef; ref != "" && e.ID == "" {
		if c, err := s.store.FindCalendarCase(ctx, ref); err == nil {
			e.CaseID = c.ID
		} else {
			f.problems.Add("case_ref", "No case you may see has that reference.")
		}
	}
	e.Participants = nil
	for _, id := range p.Staff {
		e.Participants = append(e.Participants, &haki.Participant{UserID: id})
	}
	for _, ref := range strings.Fields(strings.ReplaceAll(p.Clients, ",", " ")) {
		c, err := s.store.FindCalendarCase(ctx, ref)
		if err != nil {
			f.problems.Add("clients", "No case you may see has the reference "+strings.ToUpper(ref)+".")
			continue
		}
		e.Participants = append(e.Participants, &haki.Participant{PersonID: c.ClientID, CaseID: c.ID})
	}
	e.Rule = ""
	if p.Freq != "" {
		r := recur.Rule{Interval: 1}
		switch p.Freq {
		case "DAILY":
			r.Freq = recur.Daily
		case "MONTHLY":
			r.Freq = recur.Monthly
		default:
			r.Freq = recur.Weekly
		}
		if n, err := strconv.Atoi(p.Interval); err == nil {
			r.Interval = n
		}
		if n, err := strconv.Atoi(p.Count); err == nil && p.Count != "" {
			r.Count = n
		}
		if p.Until != "" {
			if t, err := time.ParseInLocation(time.DateOnly, p.Until, haki.Nairobi); err == nil {
				r.Until = t.Add(24*time.Hour - time.Second).UTC()
			} else {
				f.problems.Add("rrule", "Write the end date as 2026-12-31.")
			}
		}
		e.Rule = r.String()
		if r.Count == 0 && r.Until.IsZero() {
			f.problems.Add("rrule", "Give a number of times or an end date.")
		}
	}
}

func (s *Server) calEventCreate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	f := newForm(r)
	e := &haki.CalendarEvent{Kind: f.str("kind")}
	p := calEventFormPage{Page: s.page(w, r, "calendar.new.title"), Event: e, Action: "/calendar/events"}
	s.readCalEvent(r, f, e, &p)
	e.Normalize()
	err := f.check(e.Validate)
	if err == nil && !f.bool("confirm") {
		// A double booking warns before saving; "save anyway" saves.
		if p.Clashes, err = s.store.FindClashes(ctx, e); err == nil && len(p.Clashes) > 0 {
			return s.renderCalEventForm(w, r, p, http.StatusOK)
		}
	}
	if err == nil {
		err = s.store.CreateEvent(ctx, e)
	}
	if fields, ok := fieldErrors(err); ok {
		p.Errors = fields
		return s.renderCalEventForm(w, r, p, http.StatusUnprocessableEntity)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/calendar/events/"+e.ID, "flash.created")
}

// occurrenceAt reads the "at" of a request (query or form): the
// recurrence id of an occurrence, zero for none.
func occurrenceAt(v string) (time.Time, bool) {
	if v == "" {
		return time.Time{}, true
	}
	t, err := time.Parse("20060102T150405Z", v)
	return t, err == nil
}

func (s *Server) calEventEdit(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	at := r.URL.Query().Get("at")
	rid, ok := occurrenceAt(at)
	if !ok {
		return haki.Errorf(haki.ENOTFOUND, "No such event.")
	}
	e, err := s.store.FindOccurrence(ctx, r.PathValue("id"), rid)
	if err != nil {
		return err
	}
	p := calEventFormPage{Page: s.page(w, r, "calendar.edit.title"), Action: "/calendar/events/" + r.PathValue("id"), At: at,
		Occurrence: e.SeriesID != "", Scope: r.URL.Query().Get("scope")}
	if p.Scope != "all" {
		p.Scope = "one"
	}
	if p.Occurrence && p.Scope == "all" {
		// The whole series: edit its event.
		if e, err = s.store.FindEventByID(ctx, e.SeriesID); err != nil {
			return err
		}
		p.Action, p.At = "/calendar/events/"+e.ID, ""
	}
	if !p.Occurrence {
		p.Scope = "all"
	}
	p.Event = e
	p.StartsAt, p.Minutes = followupHelpers{}.LocalInput(e.StartsAt), strconv.Itoa(int(e.EndsAt.Sub(e.StartsAt)/time.Minute))
	switch {
	case e.OwnerTeamID != "":
		p.Owner = "team"
	case e.OwnerUserID == haki.UserFromContext(ctx).ID:
		p.Owner = "me"
	default:
		p.Owner = "user:" + e.OwnerUserID
	}
	if e.CaseID != "" {
		if c, err := s.store.FindCaseByID(ctx, e.CaseID); err == nil {
			p.CaseRef = c.Ref
		}
	}
	var refs []string
	for _, pt := range e.Participants {
		switch {
		case pt.UserID != "":
			p.Staff = append(p.Staff, pt.UserID)
		case pt.CaseID != "":
			if c, err := s.store.FindCaseByID(ctx, pt.CaseID); err == nil {
				refs = append(refs, c.Ref)
			}
		}
	}
	p.Clients = strings.Join(refs, ", ")
	p.Interval = "1"
	if e.Rule != "" {
		if rule, err := recur.Parse(e.Rule); err == nil {
			p.Freq, p.Interval = rule.Freq.String(), strconv.Itoa(rule.Interval)
			if rule.Count > 0 {
				p.Count = strconv.Itoa(rule.Count)
			}
			if !rule.Until.IsZero() {
				p.Until = rule.Until.In(haki.Nairobi).Format(time.DateOnly)
			}
		}
	}
	return s.renderCalEventForm(w, r, p, http.StatusOK)
}

func (s *Server) calEventUpdate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	f := newForm(r)
	id := r.PathValue("id")
	rid, ok := occurrenceAt(f.str("at"))
	if !ok {
		return haki.Errorf(haki.ENOTFOUND, "No such event.")
	}
	before, err := s.store.FindOccurrence(ctx, id, rid)
	if err != nil {
		return err
	}
	if rid.IsZero() && before.SeriesID != "" {
		id, rid = before.SeriesID, before.RecurrenceID // an occurrence with its own row
	}
	p := calEventFormPage{Page: s.page(w, r, "calendar.edit.title"), Action: "/calendar/events/" + r.PathValue("id"), At: f.str("at"),
		Occurrence: !rid.IsZero(), Scope: "one"}
	if rid.IsZero() {
		p.Scope = "all"
	}
	e := &haki.CalendarEvent{ID: before.ID, Kind: before.Kind, CaseID: before.CaseID, Exdates: before.Exdates, Version: f.version()}
	p.Event = e
	s.readCalEvent(r, f, e, &p)
	e.CaseID = before.CaseID
	if p.Occurrence {
		e.Participants = before.Participants
	}
	e.Normalize()
	err = f.check(e.Validate)
	if err == nil && !f.bool("confirm") {
		probe := *e
		probe.Participants = before.Participants
		if !p.Occurrence {
			probe.Participants = e.Participants
		}
		if before.SeriesID != "" {
			probe.SeriesID = before.SeriesID
		}
		if p.Clashes, err = s.store.FindClashes(ctx, &probe); err == nil && len(p.Clashes) > 0 {
			return s.renderCalEventForm(w, r, p, http.StatusOK)
		}
	}
	if err == nil {
		if p.Occurrence {
			err = s.store.UpdateOccurrence(ctx, id, rid, e)
		} else {
			err = s.store.UpdateCalendarEvent(ctx, e)
		}
	}
	if fields, ok := fieldErrors(err); ok {
		p.Errors = fields
		return s.renderCalEventForm(w, r, p, http.StatusUnprocessableEntity)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/calendar/events/"+e.ID, "flash.saved")
}

// calEventShowPage shows an event or an occurrence with one-click attendance.
type calEventShowPage struct {
	Page
	followupHelpers
	Event   *haki.CalendarEvent
	At      string // the occurrence's key, "" for an event
	CaseRef string
	Owner   string
	Series  string // the rule in words
	Marks   []string
}

func (s *Server) calEventShow(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	at := r.URL.Query().Get("at")
	rid, ok := occurrenceAt(at)
	if !ok {
		return haki.Errorf(haki.ENOTFOUND, "No such event.")
	}
	e, err := s.store.FindOccurrence(ctx, r.PathValue("id"), rid)
	if err != nil {
		return err
	}
	if e.SeriesID != "" && e.ID != e.SeriesID {
		at = "" // the occurrence has its own row: address it by its id
	}
	if e.Rule != "" && at == "" {
		// A series' own event: show its first occurrence.
		return s.redirect(w, r, "/calendar/events/"+e.ID+"?at="+e.StartsAt.UTC().Format("20060102T150405Z"), "")
	}
	p := calEventShowPage{Page: s.page(w, r, "calendar.event.title"), Event: e, At: at,
		Marks: []string{haki.AttendAttended, haki.AttendMissed, haki.AttendCancelled, haki.AttendRescheduled}}
	p.Title = p.T("calendar.kind." + e.Kind)
	if e.Kind == haki.KindAppointment && e.Subtype != "" {
		p.Title = p.T("appointment.type." + e.Subtype)
	}
	for _, pt := range e.Participants {
		if pt.PersonID != "" && pt.Name != "" {
			p.Title += " · " + pt.Name // the first client the reader may see
			break
		}
	}
	if e.CaseID != "" {
		if c, err := s.store.FindCaseByID(ctx, e.CaseID); err == nil {
			p.CaseRef = c.Ref
		}
	}
	rule := e.Rule
	start := e.StartsAt
	if e.SeriesID != "" {
		if head, err := s.store.FindEventByID(ctx, e.SeriesID); err == nil {
			rule, start = head.Rule, head.StartsAt
		}
	}
	if rr, err := recur.Parse(rule); err == nil && rule != "" {
		p.Series = rr.Describe(start, p.Lang)
	}
	return s.render(w, r, http.StatusOK, "calendar_event_show", p)
}

// calAttendance records, in one click, whether a participant came to an
// event or to one occurrence of a series.
func (s *Server) calAttendance(w http.ResponseWriter, r *http.Request) error {
	f := newForm(r)
	rid, ok := occurrenceAt(f.str("at"))
	if !ok {
		return haki.Errorf(haki.ENOTFOUND, "No such event.")
	}
	p, err := s.store.MarkOccurrenceAttendance(r.Context(), r.PathValue("id"), rid, f.str("participant"), f.str("attendance"))
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/calendar/events/"+p.EventID, "flash.saved")
}

// calEventCancel cancels an event, a whole series, or one occurrence.
func (s *Server) calEventCancel(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	f := newForm(r)
	rid, ok := occurrenceAt(f.str("at"))
	if !ok {
		return haki.Errorf(haki.ENOTFOUND, "No such event.")
	}
	id := r.PathValue("id")
	if !rid.IsZero() {
		e, err := s.store.CancelOccurrence(ctx, id, rid)
		if err != nil {
			return err
		}
		return s.redirect(w, r, "/calendar/events/"+e.ID, "flash.saved")
	}
	e, err := s.store.CancelEvent(ctx, id, f.version())
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/calendar/events/"+e.ID, "flash.saved")
}

// DayOf is the Nairobi date of an instant.
func (calEventShowPage) DayOf(t time.Time) string { return t.In(haki.Nairobi).Format(time.DateOnly) }
