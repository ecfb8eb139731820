package web

import (
	"net/http"

	"github.com/haki-kenya/haki"
)

// hearingFormPage is the form of a new or changed hearing of a matter.
type hearingFormPage struct {
	Page
	followupHelpers
	Matter   *haki.LegalMatter
	Hearing  *haki.Hearing
	StartsAt string // as typed, Nairobi time
	NextDate string
	Action   string
}

func (s *Server) hearingNew(w http.ResponseWriter, r *http.Request) error {
	m, err := s.store.FindMatterByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	p := hearingFormPage{Page: s.page(w, r, "hearing.new.title"), Matter: m, Action: "/matters/" + m.ID + "/hearings",
		Hearing: &haki.Hearing{MatterID: m.ID, Court: m.Court, CourtStation: m.CourtStation, Purpose: "mention"}}
	return s.render(w, r, http.StatusOK, "hearing_form", p)
}

func (s *Server) hearingEdit(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	h, err := s.store.FindHearingByID(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	m, err := s.store.FindMatterByID(ctx, h.MatterID)
	if err != nil {
		return err
	}
	k := followupHelpers{}
	p := hearingFormPage{Page: s.page(w, r, "hearing.edit.title"), Matter: m, Hearing: h, Action: "/hearings/" + h.ID,
		StartsAt: k.LocalInput(h.StartsAt), NextDate: k.Day(h.NextDate)}
	return s.render(w, r, http.StatusOK, "hearing_form", p)
}

func readHearing(f *form) *haki.Hearing {
	return &haki.Hearing{StartsAt: localTime(f, "starts_at"), Court: f.str("court"), CourtStation: f.str("court_station"),
		Purpose: f.str("purpose"), WhatHappened: f.str("what_happened"), NextDate: day(f, "next_date"), Version: f.version()}
}

func (s *Server) hearingCreate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	m, err := s.store.FindMatterByID(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	f := newForm(r)
	h := readHearing(f)
	h.MatterID = m.ID
	h.Normalize()
	err = f.check(h.Validate)
	if err == nil {
		err = s.store.CreateHearing(ctx, h)
	}
	if fields, ok := fieldErrors(err); ok {
		p := hearingFormPage{Page: s.page(w, r, "hearing.new.title"), Matter: m, Hearing: h, Action: "/matters/" + m.ID + "/hearings",
			StartsAt: f.str("starts_at"), NextDate: f.str("next_date")}
		p.Errors = fields
		return s.render(w, r, http.StatusUnprocessableEntity, "hearing_form", p)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/matters/"+m.ID, "flash.created")
}

func (s *Server) hearingUpdate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	before, err := s.store.FindHearingByID(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	f := newForm(r)
	h := readHearing(f)
	h.ID, h.MatterID = before.ID, before.MatterID
	h.Normalize()
	err = f.check(h.Validate)
	if err == nil {
		err = s.store.UpdateHearing(ctx, h)
	}
	if fields, ok := fieldErrors(err); ok {
		m, err := s.store.FindMatterByID(ctx, h.MatterID)
		if err != nil {
			return err
		}
		p := hearingFormPage{Page: s.page(w, r, "hearing.edit.title"), Matter: m, Hearing: h, Action: "/hearings/" + h.ID,
			StartsAt: f.str("starts_at"), NextDate: f.str("next_date")}
		p.Errors = fields
		return s.render(w, r, http.StatusUnprocessableEntity, "hearing_form", p)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/matters/"+h.MatterID, "flash.saved")
}
