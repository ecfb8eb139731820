package web

import (
	"net/http"

	"github.com/haki-kenya/haki"
)

// caseShowPage is the data of one case's page.
type caseShowPage struct {
	Page
	Vocab      Vocab
	Case       *haki.Case
	Incidents  []*haki.Incident
	Caseworker *haki.User
	Team       string
	Assignees  []*haki.User
	Evidence   evidenceSection
	Casework   caseworkSection // status, consents, assessment, timeline
	Services   caseServicesSection
	Followup   followupSection // drop-out flag, appointments, contact attempts, tasks
	Matters    mattersSection  // legal matters
	Stories    storiesSection  // stories written for the public portal
	Evals      evaluationsSection
}

// caseShow shows a case the caller may see. Like personShow it is open to
// every signed-in role: the store answers "not found" for a case outside the
// caller's team or assignments, and for roles that may read no cases.
func (s *Server) caseShow(w http.ResponseWriter, r *http.Request) error {
	p, err := s.loadCaseShow(w, r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "case_show", p)
}

// loadCaseShow reads everything the case page shows.
func (s *Server) loadCaseShow(w http.ResponseWriter, r *http.Request) (caseShowPage, error) {
	ctx := r.Context()
	c, err := s.store.FindCaseByID(ctx, r.PathValue("id"))
	if err != nil {
		return caseShowPage{}, err
	}
	p := caseShowPage{Page: s.page(w, r, "case.show.title"), Case: c}
	p.Title = c.Ref
	if p.Evidence, err = s.evidenceList(ctx, haki.OwnerCase, c.ID); err != nil {
		return p, err
	}
	if p.Vocab, err = s.vocab(ctx, p.Lang, caseVocabs...); err != nil {
		return p, err
	}
	for _, id := range c.IncidentIDs {
		if inc, err := s.store.FindIncidentByID(ctx, id); err == nil {
			p.Incidents = append(p.Incidents, inc)
		} else if haki.ErrorCode(err) != haki.ENOTFOUND {
			return p, err
		}
	}
	if c.CaseworkerID != "" {
		if p.Caseworker, err = s.store.FindUserByID(ctx, c.CaseworkerID); err != nil {
			return p, err
		}
	}
	for _, id := range c.AssigneeIDs {
		u, err := s.store.FindUserByID(ctx, id)
		if err != nil {
			return p, err
		}
		p.Assignees = append(p.Assignees, u)
	}
	if c.TeamID != "" {
		teams, err := s.store.FindTeams(ctx)
		if err != nil {
			return p, err
		}
		for _, t := range teams {
			if t.ID == c.TeamID {
				p.Team = t.Name
			}
		}
	}
	if p.Casework, err = s.caseworkSection(ctx, p.Page, c); err != nil {
		return p, err
	}
	if p.Services, err = s.caseServices(ctx, c.ID); err != nil {
		return p, err
	}
	if p.Followup, err = s.followupOf(ctx, c); err != nil {
		return p, err
	}
	if p.Matters, err = s.mattersOf(ctx, c); err != nil {
		return p, err
	}
	if p.Stories, err = s.storiesOf(ctx, c); err != nil {
		return p, err
	}
	if p.Evals, err = s.evaluationsOf(ctx, c); err != nil {
		return p, err
	}
	return p, nil
}
