package web

import (
	"net/http"
	"time"

	"github.com/haki-kenya/haki"
)

// diaryDay reads the day of a diary form (YYYY-MM-DD), today if unreadable.
func (s *Server) diaryDay(f *form) time.Time {
	if t, err := time.Parse(time.DateOnly, f.str("day")); err == nil {
		return t
	}
	return haki.Today(s.now())
}

func diaryBack(day time.Time) string {
	return "/calendar/day?date=" + day.Format(time.DateOnly) + "#diary"
}

// diaryCreate adds a short note to the caller's diary.
func (s *Server) diaryCreate(w http.ResponseWriter, r *http.Request) error {
	f := newForm(r)
	n := &haki.DiaryNote{Day: s.diaryDay(f), Body: f.str("body")}
	err := s.store.CreateDiaryNote(r.Context(), n)
	if fields, ok := fieldErrors(err); ok {
		p := calDayPage{Page: s.page(w, r, "calendar.day.title"), Body: f.str("body")}
		p.Errors = fields
		return s.renderCalDay(w, r, p, time.Date(n.Day.Year(), n.Day.Month(), n.Day.Day(), 0, 0, 0, 0, haki.Nairobi), http.StatusUnprocessableEntity)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, diaryBack(n.Day), "flash.created")
}

// diaryUpdate changes one of the caller's notes.
func (s *Server) diaryUpdate(w http.ResponseWriter, r *http.Request) error {
	f := newForm(r)
	n := &haki.DiaryNote{ID: r.PathValue("id"), Day: s.diaryDay(f), Body: f.str("body"), Version: f.version()}
	err := s.store.UpdateDiaryNote(r.Context(), n)
	if fields, ok := fieldErrors(err); ok {
		p := calDayPage{Page: s.page(w, r, "calendar.day.title")}
		p.Errors = fields
		return s.renderCalDay(w, r, p, time.Date(n.Day.Year(), n.Day.Month(), n.Day.Day(), 0, 0, 0, 0, haki.Nairobi), http.StatusUnprocessableEntity)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, diaryBack(n.Day), "flash.saved")
}

// diaryDelete removes one of the caller's notes.
func (s *Server) diaryDelete(w http.ResponseWriter, r *http.Request) error {
	n, err := s.store.FindDiaryNote(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := s.store.DeleteDiaryNote(r.Context(), n.ID); err != nil {
		return err
	}
	return s.redirect(w, r, diaryBack(n.Day), "flash.deleted")
}
