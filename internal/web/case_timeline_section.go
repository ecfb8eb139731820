package web

import (
	"context"

	"github.com/haki-kenya/haki"
)

// caseworkSection is the case page's part about consent, safety, status
// and the timeline: short, with links to the full pages.
type caseworkSection struct {
	page       Page
	vocab      Vocab
	Case       *haki.Case
	InForce    []consentRow
	Assessment *haki.Assessment // in force; nil: none yet, so neither call nor text
	Events     []*haki.CaseEvent
	More       bool // the timeline has more than Events
}

// eventsView is what the "casework-events" partial draws.
type eventsView struct {
	Page
	Vocab  Vocab // the case's vocabularies, for the labels of codes in summaries
	Events []*haki.CaseEvent
}

// EventsView draws the section's timeline lines.
func (c caseworkSection) EventsView() eventsView {
	return eventsView{Page: c.page, Vocab: c.vocab, Events: c.Events}
}

// caseworkShown is how many timeline lines the case page shows.
const caseworkShown = 5

// caseworkSection loads the section for a case the caller may see.
func (s *Server) caseworkSection(ctx context.Context, p Page, c *haki.Case) (caseworkSection, error) {
	sec := caseworkSection{page: p, Case: c}
	var err error
	if sec.vocab, err = s.vocab(ctx, p.Lang, caseVocabs...); err != nil {
		return sec, err
	}
	history, err := s.store.FindConsents(ctx, c.ID)
	if err != nil {
		return sec, err
	}
	sec.InForce = consentsInForce(history)
	list, err := s.store.FindAssessments(ctx, c.ID)
	if err != nil {
		return sec, err
	}
	if len(list) > 0 {
		sec.Assessment = list[0]
	}
	events, err := s.store.FindCaseEvents(ctx, c.ID, "")
	if err != nil {
		return sec, err
	}
	if len(events) > caseworkShown {
		events, sec.More = events[:caseworkShown], true
	}
	sec.Events = events
	return sec, nil
}
