package web

import (
	"net/http"
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
	if _, err := s.store.MarkAttendance(ctx, participant, f.str("attendance")); err != nil {
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
	Events []*haki.CalendarEvent
}

// Appts builds an apptTable.
func (k followupHelpers) Appts(p Page, events []*haki.CalendarEvent) apptTable {
	return apptTable{Page: p, Events: events}
}

// Marks lists the attendance a click may record.
func (apptTable) Marks() []string {
	return []string{haki.AttendAttended, haki.AttendMissed, haki.AttendCancelled, haki.AttendRescheduled}
}

// appointmentListPage is every appointment of a case.
type appointmentListPage struct {
	Page
	followupHelpers
	Case         *haki.Case
	Appointments []*haki.CalendarEvent
}

func (s *Server) appointmentList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	c, err := s.store.FindCaseByID(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	p := appointmentListPage{Page: s.page(w, r, "appointment.list.title"), Case: c}
	if p.Appointments, err = s.store.FindAppointments(ctx, c.ID, 200); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "appointment_list", p)
}
