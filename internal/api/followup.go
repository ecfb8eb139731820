package api

import (
	"net/http"
	"time"

	"github.com/haki-kenya/haki"
)

// AttendanceJSON marks whether a participant came.
type AttendanceJSON struct {
	Attendance string `json:"attendance"` // attended, missed, cancelled, rescheduled (or scheduled again)
	// StartsAt is the new time of a client's appointment marked
	// rescheduled: the appointment is booked again then.
	StartsAt time.Time `json:"starts_at,omitzero"`
}

// FollowUpJSON is a line of the follow-up list.
type FollowUpJSON struct {
	Case       *CaseJSON        `json:"case"`
	Risk       haki.DropoutRisk `json:"risk"`
	Assessment *haki.Assessment `json:"assessment"` // null: none, so neither call nor text
	MayCall    bool             `json:"may_call"`
	MayText    bool             `json:"may_text"`
}

func (s *Server) listAppointments(w http.ResponseWriter, r *http.Request) error {
	limit, err := intParam(r, "limit")
	if err != nil {
		return err
	}
	es, err := s.store.FindAppointments(r.Context(), r.PathValue("id"), limit)
	if err != nil {
		return err
	}
	return writeList(w, es, "")
}

func (s *Server) createAppointment(w http.ResponseWriter, r *http.Request) error {
	var in haki.CalendarEvent
	if err := decode(w, r, &in); err != nil {
		return err
	}
	in.CaseID = r.PathValue("id")
	if err := s.store.CreateAppointment(r.Context(), &in); err != nil {
		return err
	}
	return writeCreated(w, v1+"/appointments/"+in.ID, &in)
}

func (s *Server) getAppointment(w http.ResponseWriter, r *http.Request) error {
	e, err := s.store.FindEventByID(r.Context(), r.PathValue("appointment"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, e)
}

func (s *Server) updateAppointment(w http.ResponseWriter, r *http.Request) error {
	var in haki.CalendarEvent
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := requireVersion(in.Version); err != nil {
		return err
	}
	in.ID = r.PathValue("appointment")
	if err := s.store.UpdateEvent(r.Context(), &in); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, &in)
}

// markAttendance records a participant's attendance; a client's missed
// appointment gives the caseworker a follow-up task.
func (s *Server) markAttendance(w http.ResponseWriter, r *http.Request) error {
	var in AttendanceJSON
	if err := decode(w, r, &in); err != nil {
		return err
	}
	ctx := r.Context()
	e, err := s.store.FindEventByID(ctx, r.PathValue("appointment"))
	if err != nil {
		return err
	}
	id := r.PathValue("participant")
	found := false
	for _, p := range e.Participants {
		found = found || p.ID == id
	}
	if !found {
		return haki.Errorf(haki.ENOTFOUND, "No such participant.")
	}
	// A new time books a client's appointment of a case again, answered
	// with the new appointment. Without one (a client's mark is then a 422
	// on starts_at), or for a participant whose mark moves nothing (a
	// colleague, a group session), the answer is the participant.
	if in.Attendance == haki.AttendRescheduled && !in.StartsAt.IsZero() {
		moved, err := s.store.RescheduleAppointment(ctx, id, in.StartsAt)
		if err != nil {
			return err
		}
		if moved != nil {
			return writeJSON(w, http.StatusOK, moved)
		}
	}
	p, err := s.store.MarkAttendance(ctx, id, in.Attendance)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}

func (s *Server) listContactAttempts(w http.ResponseWriter, r *http.Request) error {
	limit, err := intParam(r, "limit")
	if err != nil {
		return err
	}
	cs, err := s.store.FindContactAttempts(r.Context(), r.PathValue("id"), limit)
	if err != nil {
		return err
	}
	return writeList(w, cs, "")
}

// createContactAttempt logs a try to reach the client; a call or text the
// assessment in force does not allow is a 422 on errors.method.
func (s *Server) createContactAttempt(w http.ResponseWriter, r *http.Request) error {
	var in haki.ContactAttempt
	if err := decode(w, r, &in); err != nil {
		return err
	}
	in.CaseID = r.PathValue("id")
	if err := s.store.RecordContactAttempt(r.Context(), &in); err != nil {
		return err
	}
	return writeCreated(w, v1+"/cases/"+in.CaseID+"/contact-attempts", &in)
}

func (s *Server) getDropoutRisk(w http.ResponseWriter, r *http.Request) error {
	risk, err := s.store.FindDropoutRisk(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, risk)
}

func (s *Server) listFollowUps(w http.ResponseWriter, r *http.Request) error {
	limit, err := intParam(r, "limit")
	if err != nil {
		return err
	}
	fus, err := s.store.FindFollowUps(r.Context(), limit)
	if err != nil {
		return err
	}
	out := make([]*FollowUpJSON, len(fus))
	for i, f := range fus {
		out[i] = &FollowUpJSON{Case: caseJSON(f.Case), Risk: f.Risk, Assessment: f.Assessment, MayCall: f.MayCall(), MayText: f.MayText()}
	}
	return writeList(w, out, "")
}

func (s *Server) getDropoutRules(w http.ResponseWriter, r *http.Request) error {
	d, err := s.store.DropoutRules(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, d)
}

func (s *Server) putDropoutRules(w http.ResponseWriter, r *http.Request) error {
	var in haki.DropoutRules
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := requireVersion(in.Version); err != nil {
		return err
	}
	if err := s.store.UpdateDropoutRules(r.Context(), &in); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, &in)
}
