package api

import (
	"net/http"
	"strings"
	"time"

	"github.com/haki-kenya/haki"
)

// EventSavedJSON is an event as saved, with the double bookings it makes:
// warnings, never a refusal.
type EventSavedJSON struct {
	Event   *haki.CalendarEvent `json:"event"`
	Clashes []*haki.Clash       `json:"clashes"`
}

// OccurrenceAttendanceJSON marks whether a participant came to an event,
// or with at (the occurrence's recurrence id) to one occurrence of a series.
type OccurrenceAttendanceJSON struct {
	ParticipantID string    `json:"participant_id"`
	Attendance    string    `json:"attendance"`
	At            time.Time `json:"at,omitzero"`
}

// CancelJSON cancels an event or a series (version read), or with at one
// occurrence of a series.
type CancelJSON struct {
	Version int       `json:"version,omitempty"`
	At      time.Time `json:"at,omitzero"`
}

// atParam reads the optional "at" query parameter: an occurrence's
// recurrence id.
func atParam(r *http.Request) (time.Time, error) { return timeParam(r, "at") }

// listCalendar returns the occurrences of a calendar in [from, to):
// who is me (default), team, org, user:<id> or team:<id>; kind is a
// comma-separated list of kinds; case an id.
func (s *Server) listCalendar(w http.ResponseWriter, r *http.Request) error {
	from, err := timeParam(r, "from")
	if err != nil {
		return err
	}
	to, err := timeParam(r, "to")
	if err != nil {
		return err
	}
	if from.IsZero() || to.IsZero() {
		return badParam("from", "Give from and to, RFC 3339 date-times.")
	}
	u := haki.UserFromContext(r.Context())
	q := haki.CalendarQuery{From: from, To: to, CaseID: r.URL.Query().Get("case")}
	if k := r.URL.Query().Get("kind"); k != "" {
		q.Kinds = strings.Split(k, ",")
	}
	switch who := r.URL.Query().Get("who"); {
	case who == "team":
		q.TeamID = u.TeamID
	case who == "org":
		q.Org = true
	case strings.HasPrefix(who, "user:"):
		q.OwnerUserID = strings.TrimPrefix(who, "user:")
	case strings.HasPrefix(who, "team:"):
		q.TeamID = strings.TrimPrefix(who, "team:")
	case who == "" || who == "me":
		if q.CaseID == "" {
			q.OwnerUserID = u.ID
		}
	default:
		return badParam("who", "Expected me, team, org, user:<id> or team:<id>.")
	}
	occ, err := s.store.FindCalendar(r.Context(), q)
	if err != nil {
		return err
	}
	return writeList(w, occ, "")
}

func (s *Server) createEvent(w http.ResponseWriter, r *http.Request) error {
	var in haki.CalendarEvent
	if err := decode(w, r, &in); err != nil {
		return err
	}
	ctx := r.Context()
	clashes, err := s.store.FindClashes(ctx, &in)
	if err != nil {
		return err
	}
	if err := s.store.CreateEvent(ctx, &in); err != nil {
		return err
	}
	return writeCreated(w, v1+"/events/"+in.ID, &EventSavedJSON{Event: &in, Clashes: clashes})
}

// checkEvent returns the double bookings an event would make, saving nothing.
func (s *Server) checkEvent(w http.ResponseWriter, r *http.Request) error {
	var in haki.CalendarEvent
	if err := decode(w, r, &in); err != nil {
		return err
	}
	clashes, err := s.store.FindClashes(r.Context(), &in)
	if err != nil {
		return err
	}
	return writeList(w, clashes, "")
}

func (s *Server) getEvent(w http.ResponseWriter, r *http.Request) error {
	at, err := atParam(r)
	if err != nil {
		return err
	}
	e, err := s.store.FindOccurrence(r.Context(), r.PathValue("event"), at)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, e)
}

// updateEvent replaces an event or a whole series; with ?at= one
// occurrence of a series alone (its time, place, type and notes).
func (s *Server) updateEvent(w http.ResponseWriter, r *http.Request) error {
	at, err := atParam(r)
	if err != nil {
		return err
	}
	var in haki.CalendarEvent
	if err := decode(w, r, &in); err != nil {
		return err
	}
	ctx := r.Context()
	id := r.PathValue("event")
	if !at.IsZero() {
		if err := s.store.UpdateOccurrence(ctx, id, at, &in); err != nil {
			return err
		}
	} else {
		if err := requireVersion(in.Version); err != nil {
			return err
		}
		in.ID = id
		if err := s.store.UpdateCalendarEvent(ctx, &in); err != nil {
			return err
		}
	}
	clashes, err := s.store.FindClashes(ctx, &in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, &EventSavedJSON{Event: &in, Clashes: clashes})
}

func (s *Server) cancelEvent(w http.ResponseWriter, r *http.Request) error {
	var in CancelJSON
	if err := decode(w, r, &in); err != nil {
		return err
	}
	ctx := r.Context()
	var e *haki.CalendarEvent
	var err error
	if !in.At.IsZero() {
		e, err = s.store.CancelOccurrence(ctx, r.PathValue("event"), in.At)
	} else {
		if err := requireVersion(in.Version); err != nil {
			return err
		}
		e, err = s.store.CancelEvent(ctx, r.PathValue("event"), in.Version)
	}
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, e)
}

// markEventAttendance records, for one participant, whether they came; a
// client's miss gives the caseworker a follow-up task and counts toward
// the drop-out rule.
func (s *Server) markEventAttendance(w http.ResponseWriter, r *http.Request) error {
	var in OccurrenceAttendanceJSON
	if err := decode(w, r, &in); err != nil {
		return err
	}
	p, err := s.store.MarkOccurrenceAttendance(r.Context(), r.PathValue("event"), in.At, in.ParticipantID, in.Attendance)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}

// listDiary returns the caller's diary notes of the days from..to (dates).
func (s *Server) listDiary(w http.ResponseWriter, r *http.Request) error {
	day := func(name string, def time.Time) (time.Time, error) {
		v := r.URL.Query().Get(name)
		if v == "" {
			return def, nil
		}
		t, err := time.Parse(time.DateOnly, v)
		if err != nil {
			return t, badParam(name, "Expected a date such as 2026-01-31.")
		}
		return t, nil
	}
	today := haki.Today(s.store.Now())
	from, err := day("from", today)
	if err != nil {
		return err
	}
	to, err := day("to", from)
	if err != nil {
		return err
	}
	notes, err := s.store.FindDiaryNotes(r.Context(), from, to)
	if err != nil {
		return err
	}
	return writeList(w, notes, "")
}

func (s *Server) createDiaryNote(w http.ResponseWriter, r *http.Request) error {
	var in haki.DiaryNote
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := s.store.CreateDiaryNote(r.Context(), &in); err != nil {
		return err
	}
	return writeCreated(w, v1+"/diary/"+in.ID, &in)
}

func (s *Server) getDiaryNote(w http.ResponseWriter, r *http.Request) error {
	n, err := s.store.FindDiaryNote(r.Context(), r.PathValue("note"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, n)
}

func (s *Server) updateDiaryNote(w http.ResponseWriter, r *http.Request) error {
	var in haki.DiaryNote
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := requireVersion(in.Version); err != nil {
		return err
	}
	in.ID = r.PathValue("note")
	if err := s.store.UpdateDiaryNote(r.Context(), &in); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, &in)
}

func (s *Server) deleteDiaryNote(w http.ResponseWriter, r *http.Request) error {
	if err := s.store.DeleteDiaryNote(r.Context(), r.PathValue("note")); err != nil {
		return err
	}
	return noContent(w)
}
