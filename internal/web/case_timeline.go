package web

import (
	"net/http"
	"slices"

	"github.com/haki-kenya/haki"
)

// caseTimelinePage is a case's whole timeline, newest first, filtered by
// kind, with the form to add a note.
type caseTimelinePage struct {
	Page
	Case   *haki.Case
	Events []*haki.CaseEvent
	Kind   string
	Kinds  []string
	Note   string
	Vocab  Vocab
}

// EventsView draws the timeline's lines.
func (p caseTimelinePage) EventsView() eventsView {
	return eventsView{Page: p.Page, Vocab: p.Vocab, Events: p.Events}
}

func (s *Server) renderCaseTimeline(w http.ResponseWriter, r *http.Request, p caseTimelinePage, status int) error {
	var err error
	if p.Events, err = s.store.FindCaseEvents(r.Context(), p.Case.ID, p.Kind); err != nil {
		return err
	}
	if p.Vocab, err = s.vocab(r.Context(), p.Lang, caseVocabs...); err != nil {
		return err
	}
	p.Kinds = haki.CaseEventKinds
	p.Title = p.Case.Ref + " · " + p.T("case.timeline.title")
	return s.render(w, r, status, "case_timeline", p)
}

// caseTimeline shows the timeline; ?kind=code keeps one kind (an unknown
// code shows everything).
func (s *Server) caseTimeline(w http.ResponseWriter, r *http.Request) error {
	c, err := s.store.FindCaseByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	p := caseTimelinePage{Page: s.page(w, r, "case.timeline.title"), Case: c}
	if k := r.URL.Query().Get("kind"); slices.Contains(haki.CaseEventKinds, k) {
		p.Kind = k
	}
	return s.renderCaseTimeline(w, r, p, http.StatusOK)
}

// caseNoteCreate writes a note on the timeline; anyone who works on the
// case may, network professionals included.
func (s *Server) caseNoteCreate(w http.ResponseWriter, r *http.Request) error {
	c, err := s.store.FindCaseByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	f := newForm(r)
	body := f.str("body")
	_, err = s.store.AddCaseNote(r.Context(), c.ID, body)
	if fields, ok := fieldErrors(err); ok {
		p := caseTimelinePage{Page: s.page(w, r, "case.timeline.title"), Case: c, Note: body}
		p.Errors = fields
		return s.renderCaseTimeline(w, r, p, http.StatusUnprocessableEntity)
	} else if err != nil {
		return err
	}
	to := "/cases/" + c.ID + "/timeline"
	if f.str("from") == "case" {
		to = "/cases/" + c.ID
	}
	return s.redirect(w, r, to, "flash.note_added")
}
