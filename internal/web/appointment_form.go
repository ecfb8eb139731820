package web

import (
	"maps"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/haki-kenya/haki"
)

// appointmentFormPage schedules an appointment of a case with its client.
type appointmentFormPage struct {
	Page
	followupHelpers
	Case       *haki.Case
	Event      *haki.CalendarEvent
	Colleagues []*haki.User
	Colleague  string // a colleague who takes part besides the caller
	StartsAt   string // as typed, Nairobi time
	Minutes    string
	MinuteOpts []int
}

func (s *Server) renderAppointmentForm(w http.ResponseWriter, r *http.Request, p appointmentFormPage, status int) error {
	var err error
	if p.Colleagues, err = s.staffUsers(r.Context()); err != nil {
		return err
	}
	p.MinuteOpts = []int{30, 45, 60, 90, 120, 180}
	return s.render(w, r, status, "appointment_form", p)
}

func (s *Server) appointmentNew(w http.ResponseWriter, r *http.Request) error {
	c, err := s.store.FindCaseByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	start := s.now().In(haki.Nairobi).Add(24 * time.Hour).Truncate(time.Hour)
	p := appointmentFormPage{Page: s.page(w, r, "appointment.new.title"), Case: c, Minutes: "60",
		Event: &haki.CalendarEvent{CaseID: c.ID, Subtype: "counselling"}, StartsAt: followupHelpers{}.LocalInput(start)}
	return s.renderAppointmentForm(w, r, p, http.StatusOK)
}

func (s *Server) appointmentCreate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	c, err := s.store.FindCaseByID(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	f := newForm(r)
	e := &haki.CalendarEvent{Kind: haki.KindAppointment, CaseID: c.ID, Subtype: f.str("subtype"), StartsAt: localTime(f, "starts_at"),
		Location: f.str("location"), Notes: f.str("notes")}
	minutes, err := strconv.Atoi(f.str("minutes"))
	if err != nil || minutes < 5 || minutes > 24*60 {
		f.problems.Add("minutes", "Choose how long the appointment lasts.")
	} else if !e.StartsAt.IsZero() {
		e.EndsAt = e.StartsAt.Add(time.Duration(minutes) * time.Minute)
	}
	if id := f.str("colleague"); id != "" {
		e.Participants = []*haki.Participant{{UserID: id}}
	}
	e.Normalize()
	err = f.check(e.Validate)
	if err == nil {
		err = s.store.CreateAppointment(ctx, e)
	}
	if fields, ok := fieldErrors(err); ok {
		p := appointmentFormPage{Page: s.page(w, r, "appointment.new.title"), Case: c, Event: e, Colleague: f.str("colleague"),
			StartsAt: f.str("starts_at"), Minutes: f.str("minutes")}
		if fields["participants"] != "" && fields["colleague"] == "" {
			fields["colleague"] = fields["participants"]
		}
		p.Errors = fields
		return s.renderAppointmentForm(w, r, p, http.StatusUnprocessableEntity)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/cases/"+c.ID+"#appointments", "flash.created")
}

// attendanceMark records, in one click, whether a participant came.
func (s *Server) attendanceMark(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	e, err := s.store.FindEventByID(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	f := newForm(r)
	participant := f.str("participant")
	found := false
	for _, p := range e.Participants {
		found = found || p.ID == participant
	}
	if !found {
		return haki.Errorf(haki.ENOTFOUND, "No such participant.")
	}
	if attendance := f.str("attendance"); attendance == haki.AttendRescheduled {
		start := localTime(f, "starts_at")
		if err = f.check(func() error { return nil }); err == nil {
			_, err = s.store.RescheduleAppointment(ctx, participant, start)
		}
	} else {
		_, err = s.store.MarkAttendance(ctx, participant, attendance)
	}
	if fields, ok := fieldErrors(err); ok {
		// One click from a list: the error page says what was wrong (422).
		return &haki.Error{Code: haki.EINVALID, Message: firstProblem(fields)}
	} else if err != nil {
		return err
	}
	to := "/cases/" + e.CaseID + "#appointments"
	if e.CaseID == "" {
		to = "/"
	}
	return s.redirect(w, r, to, "flash.saved")
}

// apptTable is what the "fu-appointments" template draws: appointments
// with one-click attendance buttons for those who may mark it.
type apptTable struct {
	Page
	followupHelpers
	CaseID string // the case whose page it is: of a group session, only its client shows
	Now    time.Time
	Events []*haki.CalendarEvent
}

// Appts builds an apptTable.
func (k followupHelpers) Appts(p Page, caseID string, now time.Time, events []*haki.CalendarEvent) apptTable {
	return apptTable{Page: p, CaseID: caseID, Now: now, Events: events}
}

// What names an entry: the type of an appointment, else the kind of event.
func (t apptTable) What(e *haki.CalendarEvent) string {
	if e.Subtype != "" {
		return t.T("appointment.type." + e.Subtype)
	}
	return t.T("calendar.kind." + e.Kind)
}

// Shown lists the participants the page shows: in a group session, the
// colleagues and the client of this case, not the other clients.
func (t apptTable) Shown(e *haki.CalendarEvent) []*haki.Participant {
	if e.CaseID != "" {
		return e.Participants
	}
	var out []*haki.Participant
	for _, p := range e.Participants {
		if p.UserID != "" || (p.CaseID == t.CaseID && !p.Hidden) {
			out = append(out, p)
		}
	}
	return out
}

// Marks lists the attendance a click may record on e: before it begins,
// only cancelled or rescheduled.
func (t apptTable) Marks(e *haki.CalendarEvent) []string {
	if e.StartsAt.After(t.Now) {
		return []string{haki.AttendCancelled}
	}
	return []string{haki.AttendAttended, haki.AttendMissed, haki.AttendCancelled}
}

// Moves reports whether marking p rescheduled asks for the new time (the
// client of an appointment of a case), rather than being one click.
func (apptTable) Moves(e *haki.CalendarEvent, p *haki.Participant) bool {
	return e.CaseID != "" && e.Kind == haki.KindAppointment && p.PersonID != ""
}

// appointmentListPage is every appointment of a case.
type appointmentListPage struct {
	Page
	followupHelpers
	Case         *haki.Case
	Appointments []*haki.CalendarEvent
	Now          time.Time
}

func (s *Server) appointmentList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	c, err := s.store.FindCaseByID(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	p := appointmentListPage{Page: s.page(w, r, "appointment.list.title"), Case: c, Now: s.now()}
	if p.Appointments, err = s.store.FindAppointments(ctx, c.ID, 200); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "appointment_list", p)
}

// firstProblem is the message of a form's problems when there is no form
// to show them beside: the first field's, in field order.
func firstProblem(fields map[string]string) string {
	names := slices.Sorted(maps.Keys(fields))
	if len(names) == 0 {
		return "Some fields need attention."
	}
	return fields[names[0]]
}
