package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"

	"github.com/haki-kenya/haki"
)

// evaluationPage is the data of an Istanbul Protocol evaluation's page:
// the edit form for its evaluator while it is a draft, a read-only view
// otherwise (only the header when the content is restricted).
type evaluationPage struct {
	Page
	Vocab    Vocab
	Case     *haki.Case
	Eval     *haki.Evaluation
	Editable bool
	Acts     []evaluationAct    // the acts of the case's incidents, to choose the alleged ones
	Photos   []*haki.Evidence   // the case's image files, for the findings' photographs
	Examined string             // the examination day as typed
	Addendum *haki.Addendum     // the addendum form as typed
	InUse    []*haki.Instrument // the scored instruments offered
	// Message is a problem with the whole form (a conflict, a refusal),
	// shown at the top.
	Message string
}

// evaluationAct is an act of one of the case's incidents.
type evaluationAct struct {
	ID, IncidentRef, ActType, VictimRef string
}

// The choices of the evaluation form, for its selects and checkboxes.
func (evaluationPage) Kinds() []string          { return haki.EvaluationKinds }
func (evaluationPage) FindingKinds() []string   { return haki.FindingKinds }
func (evaluationPage) Levels() []string         { return haki.OpinionLevels }
func (evaluationPage) LesionTypes() []string    { return haki.LesionTypes }
func (evaluationPage) Uses() []string           { return haki.EvaluationUses }
func (evaluationPage) ExamConsents() []string   { return haki.ExamConsents }
func (evaluationPage) ConsentMethods() []string { return haki.ConsentMethods }

// FErr is the problem with a finding's field: {{$.FErr .No "opinion"}}.
func (p evaluationPage) FErr(no int, field string) string {
	return p.Err(fmt.Sprintf("finding_%d_%s", no, field))
}

// Problems lists the form's problems in a stable order, for the summary
// at the top of the form.
func (p evaluationPage) Problems() []string {
	keys := make([]string, 0, len(p.Errors))
	for k := range p.Errors {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]string, 0, len(keys))
	for _, k := range keys {
		out = append(out, p.Err(k))
	}
	return out
}

// evaluationText is what the "eval-text" partial draws: a labelled
// textarea of the form.
type evaluationText struct {
	Page
	Field, Value string
	Rows         int
}

// Text gives the "eval-text" partial a field: {{template "eval-text" ($.Text "account" .Account 8)}}.
func (p evaluationPage) Text(field, value string, rows int) evaluationText {
	return evaluationText{Page: p.Page, Field: field, Value: value, Rows: rows}
}

// ViewLabel and RegionLabel name a body chart's view and a region.
func (p evaluationPage) ViewLabel(v string) string   { return p.T("bodychart.view." + v) }
func (p evaluationPage) RegionLabel(r string) string { return p.T("region." + r) }

// KnownMethod reports whether a finding's method is a term of the
// vocabulary (an older free text is offered as it stands).
func (p evaluationPage) KnownMethod(code string) bool {
	return slices.ContainsFunc(p.Vocab.Terms("method"), func(t *haki.Term) bool { return t.Code == code })
}

// ShortHash groups a hash for reading aloud.
func (evaluationPage) ShortHash(h string) string { return haki.ShortHash(h) }

// Mine reports whether the signed-in user is the evaluator.
func (p evaluationPage) Mine() bool {
	return p.User != nil && p.Eval != nil && p.User.ID == p.Eval.EvaluatorID
}

// loadEvaluationPage reads what the page of e shows besides e itself.
func (s *Server) loadEvaluationPage(w http.ResponseWriter, r *http.Request, e *haki.Evaluation) (evaluationPage, error) {
	ctx := r.Context()
	p := evaluationPage{Page: s.page(w, r, "evaluation.title"), Eval: e, Examined: e.ExaminedOn.Format("2006-01-02")}
	c, err := s.store.FindCaseByID(ctx, e.CaseID)
	if err != nil {
		return p, err
	}
	p.Case = c
	p.Title = p.T("evaluation.title") + " · " + c.Ref
	p.Editable = e.Status == haki.EvaluationDraft && p.Mine() && !e.Restricted
	if p.Vocab, err = s.vocab(ctx, p.Lang, "act_type", "method"); err != nil {
		return p, err
	}
	if e.Restricted {
		return p, nil
	}
	if p.InUse, err = s.store.FindInstruments(ctx); err != nil {
		return p, err
	}
	if p.Acts, err = s.caseActs(ctx, c); err != nil {
		return p, err
	}
	ev, err := s.evidenceList(ctx, haki.OwnerCase, c.ID)
	if err != nil {
		return p, err
	}
	for _, f := range ev.Items {
		if haki.IsPhoto(f.ContentType) {
			p.Photos = append(p.Photos, f)
		}
	}
	return p, nil
}

// caseActs lists the acts of the incidents of a case the caller sees.
func (s *Server) caseActs(ctx context.Context, c *haki.Case) ([]evaluationAct, error) {
	var out []evaluationAct
	for _, id := range c.IncidentIDs {
		inc, err := s.store.FindIncidentByID(ctx, id)
		if haki.ErrorCode(err) == haki.ENOTFOUND {
			continue
		} else if err != nil {
			return nil, err
		}
		acts, err := s.store.FindActs(ctx, id)
		if err != nil {
			return nil, err
		}
		for _, a := range acts {
			out = append(out, evaluationAct{ID: a.ID, IncidentRef: inc.Ref, ActType: a.ActType, VictimRef: a.VictimRef})
		}
	}
	return out, nil
}

// evaluationShow shows an evaluation: its evaluator's draft as the form,
// anything else read-only.
func (s *Server) evaluationShow(w http.ResponseWriter, r *http.Request) error {
	e, err := s.store.FindEvaluation(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	p, err := s.loadEvaluationPage(w, r, e)
	if err != nil {
		return err
	}
	return s.renderEvaluation(w, r, p, http.StatusOK)
}

// renderEvaluation draws the form or the read-only view.
func (s *Server) renderEvaluation(w http.ResponseWriter, r *http.Request, p evaluationPage, status int) error {
	if p.Editable {
		return s.render(w, r, status, "evaluation_form", p)
	}
	return s.render(w, r, status, "evaluation_show", p)
}

// evaluationNewPage is the short form that opens an evaluation.
type evaluationNewPage struct {
	Page
	Case     *haki.Case
	Kind     string
	Examined string
	Message  string
}

// Kinds lists what an evaluation examines.
func (evaluationNewPage) Kinds() []string { return haki.EvaluationKinds }

// evaluationCase finds the case of /evaluations/new?case=ID.
func (s *Server) evaluationCase(r *http.Request) (*haki.Case, error) {
	id := r.URL.Query().Get("case")
	if id == "" {
		id = r.PostFormValue("case")
	}
	if id == "" {
		return nil, haki.Errorf(haki.ENOTFOUND, "No such case.")
	}
	return s.store.FindCaseByID(r.Context(), id)
}

func (s *Server) evaluationNew(w http.ResponseWriter, r *http.Request) error {
	c, err := s.evaluationCase(r)
	if err != nil {
		return err
	}
	p := evaluationNewPage{Page: s.page(w, r, "evaluation.new.title"), Case: c, Kind: "both", Examined: s.now().In(haki.Nairobi).Format("2006-01-02")}
	return s.render(w, r, http.StatusOK, "evaluation_new", p)
}

// evaluationCreate opens a draft with the caller as its evaluator; the
// store refuses anyone who is not a clinician of the directory, and the
// page says why.
func (s *Server) evaluationCreate(w http.ResponseWriter, r *http.Request) error {
	c, err := s.evaluationCase(r)
	if err != nil {
		return err
	}
	f := newForm(r)
	e := &haki.Evaluation{CaseID: c.ID, Kind: f.str("kind"), ExaminedOn: examinedOn(f)}
	err = f.check(func() error { e.Normalize(); return e.Validate(s.now()) })
	if err == nil {
		err = s.store.CreateEvaluation(r.Context(), e)
	}
	if err == nil {
		return s.redirect(w, r, "/evaluations/"+e.ID, "flash.created")
	}
	p := evaluationNewPage{Page: s.page(w, r, "evaluation.new.title"), Case: c, Kind: e.Kind, Examined: f.str("examined_on")}
	status := http.StatusUnprocessableEntity
	if fields, ok := fieldErrors(err); ok {
		p.Errors = fields
	} else if code := haki.ErrorCode(err); code == haki.EFORBIDDEN {
		p.Message, status = p.cat.Message(p.Lang, haki.ErrorMessage(err)), http.StatusForbidden
	} else {
		return err
	}
	return s.render(w, r, status, "evaluation_new", p)
}

// evaluationsSection is the case page's list of evaluations.
type evaluationsSection struct {
	Visible bool
	Items   []*haki.Evaluation
	// Clinician says the caller is a clinician of the directory, who may
	// open one (the store decides; the button is only shown to them).
	Clinician bool
}

// evaluationsOf lists a case's evaluations, headers only.
func (s *Server) evaluationsOf(ctx context.Context, c *haki.Case) (evaluationsSection, error) {
	items, err := s.store.FindEvaluations(ctx, c.ID)
	if code := haki.ErrorCode(err); code == haki.ENOTFOUND || code == haki.EFORBIDDEN {
		return evaluationsSection{}, nil
	} else if err != nil {
		return evaluationsSection{}, err
	}
	sec := evaluationsSection{Visible: true, Items: items}
	if haki.UserFromContext(ctx).Can(haki.PermCaseWork) {
		p, err := s.store.FindMyProfessional(ctx)
		if err != nil && haki.ErrorCode(err) != haki.ENOTFOUND {
			return sec, err
		}
		sec.Clinician = p != nil && slices.Contains(haki.ClinicalProfessions, p.Profession)
	}
	return sec, nil
}
