package web

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/haki-kenya/haki"
)

// intakePage is the data of one screen of the guided intake.
type intakePage struct {
	Page
	Vocab    Vocab
	Counties places
	Draft    *haki.IntakeDraft // nil before the first screen is sent
	Step     int
	Steps    []int
	Data     *intakeData
	Searched bool // step 1 shows search results
	// Step 2 offers the incidents the client is already a victim in.
	VictimIn []haki.PersonIncident
	// Step 5's choices.
	Caseworkers []*haki.User
	Teams       []*haki.Team
	// Lists the templates range over.
	Purposes, Decisions, Methods, Languages, ThreatLevels, ContactMethods, Needs []string
}

// Action is where the screen's form posts.
func (p intakePage) Action() string {
	if p.Draft == nil {
		return "/intakes"
	}
	return "/intakes/" + p.Draft.ID
}

var intakeVocabs = []string{"sex", "incident_type", "client_relation", "intake_channel", "act_type"}

func (s *Server) renderIntake(w http.ResponseWriter, r *http.Request, p intakePage, status int) error {
	ctx := r.Context()
	var err error
	if p.Vocab, err = s.vocab(ctx, p.Lang, intakeVocabs...); err != nil {
		return err
	}
	if p.Counties, err = s.counties(ctx); err != nil {
		return err
	}
	if p.Step == 2 && p.Data.ClientID != "" && !p.Data.NewClient {
		if p.VictimIn, err = s.victimIncidents(r, p.Data); err != nil {
			return err
		}
	}
	if p.Step == 5 {
		if p.Teams, err = s.store.FindTeams(ctx); err != nil {
			return err
		}
		users, err := s.store.FindUsers(ctx)
		if err != nil {
			return err
		}
		for _, u := range users {
			if !u.Disabled && slices.Contains([]haki.Role{haki.RoleCaseworker, haki.RoleAdmin, haki.RoleDataManager}, u.Role) {
				p.Caseworkers = append(p.Caseworkers, u)
			}
		}
	}
	p.Steps = []int{1, 2, 3, 4, 5}
	p.Purposes, p.Decisions, p.Methods, p.Languages = haki.ConsentPurposes, []string{"given", "refused"}, haki.ConsentMethods, haki.ConsentLanguages
	p.ThreatLevels, p.ContactMethods, p.Needs = haki.ThreatLevels, haki.ContactMethods, haki.Needs
	p.Data.fillDefaults(haki.Today(s.now()).Format("2006-01-02"))
	p.Title = p.T("intake.title") + " · " + p.T("intake.step", p.Step, haki.IntakeSteps)
	return s.render(w, r, status, "intake_step", p)
}

// intakeNew shows the first screen of a new intake: find the person.
func (s *Server) intakeNew(w http.ResponseWriter, r *http.Request) error {
	p := intakePage{Page: s.page(w, r, "intake.title"), Step: 1, Data: &intakeData{}}
	return s.renderIntake(w, r, p, http.StatusOK)
}

// intakeShow resumes a draft at a screen it has reached (?step=N), at the
// furthest one by default.
func (s *Server) intakeShow(w http.ResponseWriter, r *http.Request) error {
	d, err := s.store.FindIntakeDraft(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	data, err := decodeIntake(d.Data)
	if err != nil {
		return err
	}
	step := d.Step
	if n, err := strconv.Atoi(r.URL.Query().Get("step")); err == nil && n >= 1 && n <= d.Step {
		step = n
	}
	p := intakePage{Page: s.page(w, r, "intake.title"), Draft: d, Step: step, Data: data}
	return s.renderIntake(w, r, p, http.StatusOK)
}

// intakeStart takes the first screen of a new intake and keeps it as a draft.
func (s *Server) intakeStart(w http.ResponseWriter, r *http.Request) error {
	d := &haki.IntakeDraft{Step: 1, Data: (&intakeData{}).encode()}
	if err := s.store.CreateIntakeDraft(r.Context(), d); err != nil {
		return err
	}
	return s.intakeStep(w, r, d)
}

// intakeSave takes a screen of a draft.
func (s *Server) intakeSave(w http.ResponseWriter, r *http.Request) error {
	d, err := s.store.FindIntakeDraft(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return s.intakeStep(w, r, d)
}

// intakeStep keeps what the screen holds, then does what its button says:
// search (step 1), back, next (after checking the screen), save for later,
// or finish (step 5: the case, consents and assessment at once).
func (s *Server) intakeStep(w http.ResponseWriter, r *http.Request, d *haki.IntakeDraft) error {
	ctx := r.Context()
	f := newForm(r)
	step, _ := strconv.Atoi(f.str("step"))
	if step < 1 || step > d.Step {
		step = d.Step
	}
	data, err := decodeIntake(d.Data)
	if err != nil {
		return err
	}
	data.readStep(f, step)
	p := intakePage{Page: s.page(w, r, "intake.title"), Draft: d, Step: step, Data: data}
	// The draft remembers the furthest screen reached: the user may go back
	// and forth up to it, and resumes there.
	save := func(to int) error {
		d.Step, d.Data = max(d.Step, to), data.encode()
		return s.store.UpdateIntakeDraft(ctx, d)
	}
	errs := map[string]string{}
	nav := f.str("nav")
	if nav != "back" {
		if err := s.resolveStep(r, p.Page, data, step, errs); err != nil {
			return err
		}
	}
	switch nav {
	case "search":
		if err := save(step); err != nil {
			return err
		}
		if err := s.intakeCandidates(r, data); err != nil {
			return err
		}
		p.Searched = true
		return s.renderIntake(w, r, p, http.StatusOK)
	case "back":
		to := max(step-1, 1)
		if err := save(to); err != nil {
			return err
		}
		return s.redirect(w, r, "/intakes/"+d.ID+"?step="+strconv.Itoa(to), "")
	case "next", "finish":
		for k, v := range data.stepProblems(step, s.now()) {
			if _, ok := errs[k]; !ok {
				errs[k] = v
			}
		}
		if len(errs) > 0 {
			if err := save(step); err != nil {
				return err
			}
			p.Errors = errs
			return s.renderIntake(w, r, p, http.StatusUnprocessableEntity)
		}
		if nav == "next" && step < haki.IntakeSteps {
			if err := save(step + 1); err != nil {
				return err
			}
			return s.redirect(w, r, "/intakes/"+d.ID+"?step="+strconv.Itoa(step+1), "")
		}
		return s.intakeFinish(w, r, p, save)
	}
	if err := save(step); err != nil {
		return err
	}
	return s.redirect(w, r, "/intakes", "flash.saved")
}

// intakeFinish writes the intake. A problem the records reveal (a code no
// longer in a vocabulary, a minor without a guardian) takes the user back
// to the screen it belongs to.
func (s *Server) intakeFinish(w http.ResponseWriter, r *http.Request, p intakePage, save func(int) error) error {
	pr := haki.Problems{}
	in := p.Data.intake(pr)
	c, err := s.store.FinishIntake(r.Context(), in, p.Draft.ID)
	if fields, ok := fieldErrors(err); ok {
		p.Step = haki.IntakeSteps
		for k := range fields {
			p.Step = min(p.Step, haki.IntakeStep(k))
		}
		if err := save(p.Step); err != nil {
			return err
		}
		p.Errors = map[string]string{}
		for k, v := range fields {
			p.Errors[k] = v
		}
		for k, v := range p.Data.stepProblems(p.Step, s.now()) {
			p.Errors[k] = v
		}
		return s.renderIntake(w, r, p, http.StatusUnprocessableEntity)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/cases/"+c.ID, "flash.intake_finished")
}

// intakeCandidates finds the persons a search names (words of a name,
// spelled roughly alike, or an ID number), for the user to pick.
func (s *Server) intakeCandidates(r *http.Request, data *intakeData) error {
	data.Candidates = nil
	if data.SearchQuery == "" {
		return nil
	}
	found, _, err := s.store.FindPersons(r.Context(), haki.PersonFilter{Text: data.SearchQuery, Limit: 20})
	if err != nil {
		return err
	}
	for _, per := range found {
		data.Candidates = append(data.Candidates, brief(per))
	}
	return nil
}
