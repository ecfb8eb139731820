package web

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/haki-kenya/haki"
)

// autosaveHeader marks the background saves of evaldraft.js, answered
// with JSON instead of a page.
const autosaveHeader = "X-Haki-Autosave"

// examinedOn reads the examination day (2006-01-02).
func examinedOn(f *form) time.Time {
	s := f.str("examined_on")
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		f.problems.Add("examined_on", "Enter a date such as 2026-03-14.")
	}
	return t
}

// readEvaluation fills a copy of cur with the form's fields. What the form
// does not carry (methods, instruments and forms it does not show) is
// kept as stored, since a save replaces the whole content.
func readEvaluation(f *form, cur *haki.Evaluation) *haki.Evaluation {
	e := *cur
	c := &e.EvaluationContent
	e.Version, e.Kind, e.ExaminedOn, e.Qualifications = f.version(), f.str("kind"), examinedOn(f), f.str("qualifications")
	c.Place, c.Interpreter, c.OthersPresent = f.str("place"), f.str("interpreter"), f.str("others_present")
	c.ExamConsent, c.ExamConsentMethod = f.str("exam_consent"), f.str("exam_consent_method")
	c.Uses, c.ActIDs = f.strs("uses"), f.strs("act_ids")
	c.Account, c.Detention = f.str("account"), f.str("detention")
	c.AcuteSymptoms, c.ChronicSymptoms, c.Disabilities = f.str("acute_symptoms"), f.str("chronic_symptoms"), f.str("disabilities")
	c.PsychHistory, c.MentalState, c.Diagnoses, c.Tests = f.str("psych_history"), f.str("mental_state"), f.str("diagnoses"), f.str("tests")
	c.Interpretation, c.OverallLevel, c.Limitations = f.str("interpretation"), f.str("overall_level"), f.str("limitations")
	c.RecTreatment, c.RecExamination, c.RecProtection = f.str("rec_treatment"), f.str("rec_examination"), f.str("rec_protection")
	if f.bool("extras_shown") { // the whole form was shown: its lists are read
		c.Methods = f.strs("methods")
	}
	n, _ := strconv.Atoi(f.str("finding_rows"))
	c.Findings = make([]*haki.Finding, 0, min(max(n, 0), 200))
	for i := 1; i <= n && i <= 200; i++ {
		c.Findings = append(c.Findings, readFinding(f, i))
	}
	return &e
}

// readFinding reads the row i of the findings (inputs finding_FIELD_i).
func readFinding(f *form, i int) *haki.Finding {
	field := func(name string) string { return f.str("finding_" + name + "_" + strconv.Itoa(i)) }
	fd := &haki.Finding{Kind: field("kind"), View: field("view"), Region: field("region"), LesionType: field("lesion_type"),
		Description: field("description"), Size: field("size"), Colour: field("colour"), EstimatedAge: field("estimated_age"),
		AllegedMethod: field("alleged_method"), Opinion: field("opinion"), PhotoIDs: f.strs("finding_photos_" + strconv.Itoa(i))}
	fd.X, _ = strconv.ParseFloat(field("x"), 64)
	fd.Y, _ = strconv.ParseFloat(field("y"), 64)
	return fd
}

// applyRowAction adds a finding or removes one, for the form's "add
// finding" and "remove" buttons; it returns the anchor to come back to.
func applyRowAction(e *haki.Evaluation, action string) string {
	switch {
	case action == "add_finding":
		kind := "physical"
		if e.Kind == "psychological" {
			kind = "psychological"
		}
		e.Findings = append(e.Findings, &haki.Finding{Kind: kind})
		return "#finding-" + strconv.Itoa(len(e.Findings))
	case strings.HasPrefix(action, "remove_"):
		i, err := strconv.Atoi(strings.TrimPrefix(action, "remove_"))
		if err == nil && i >= 1 && i <= len(e.Findings) {
			e.Findings = append(e.Findings[:i-1], e.Findings[i:]...)
		}
		return "#findings"
	}
	return ""
}

// evaluationSave saves the evaluator's draft: from the Save button (a
// page), or in the background from evaldraft.js (JSON). A version saved
// meanwhile elsewhere is refused and the user told so plainly; what they
// typed is shown again, never lost.
func (s *Server) evaluationSave(w http.ResponseWriter, r *http.Request) error {
	background := r.Header.Get(autosaveHeader) != ""
	_, e, f, partial, err := s.postedEvaluation(r, background)
	if err != nil {
		return err
	}
	anchor := applyRowAction(e, f.str("action"))
	err = s.saveChecked(r.Context(), f, e)
	if background {
		return s.autosaveAnswer(w, r, e, partial, err)
	}
	if err == nil {
		return s.redirect(w, r, "/evaluations/"+e.ID+anchor, "flash.saved")
	}
	return s.evaluationFormAgain(w, r, e, err)
}

// postedEvaluation reads the evaluation posted over the one stored (cur),
// instruments and forms included; partial reports a half-answered
// instrument left as stored, which only a background save allows.
func (s *Server) postedEvaluation(r *http.Request, background bool) (cur, e *haki.Evaluation, f *form, partial bool, err error) {
	if cur, err = s.store.FindEvaluation(r.Context(), r.PathValue("id")); err != nil {
		return nil, nil, nil, false, err
	}
	f = newForm(r)
	e = readEvaluation(f, cur)
	inUse, err := s.store.FindInstruments(r.Context())
	if err != nil {
		return nil, nil, nil, false, err
	}
	partial = readEvaluationExtras(f, e, inUse, background)
	return cur, e, f, partial, nil
}

// saveChecked checks the posted evaluation and saves it.
func (s *Server) saveChecked(ctx context.Context, f *form, e *haki.Evaluation) error {
	e.Normalize()
	err := f.check(func() error { return e.Validate(s.now()) })
	if err == nil {
		err = s.store.SaveEvaluation(ctx, e)
	}
	return err
}

// evaluationFormAgain shows the form again with what was typed and why it
// was not saved; errors other than problems, refusals and conflicts are
// returned.
func (s *Server) evaluationFormAgain(w http.ResponseWriter, r *http.Request, e *haki.Evaluation, err error) error {
	code := haki.ErrorCode(err)
	if code != haki.EINVALID && code != haki.ECONFLICT {
		return err
	}
	p, perr := s.loadEvaluationPage(w, r, e)
	if perr != nil {
		return perr
	}
	p.Examined = r.PostForm.Get("examined_on")
	p.Editable = e.Status == haki.EvaluationDraft && p.Mine()
	if fields, ok := fieldErrors(err); ok {
		p.Errors = fields
		p.Message = p.cat.Message(p.Lang, haki.ErrorMessage(err))
		return s.renderEvaluation(w, r, p, http.StatusUnprocessableEntity)
	}
	p.Message = p.cat.Message(p.Lang, haki.ErrorMessage(err))
	return s.renderEvaluation(w, r, p, http.StatusConflict)
}

// autosaveAnswer is the JSON answer to a background save: the new version
// and the time, or the message and the field problems.
// partial says an instrument half answered was left as stored: the page
// keeps its copy on the device.
func (s *Server) autosaveAnswer(w http.ResponseWriter, r *http.Request, e *haki.Evaluation, partial bool, err error) error {
	p := s.page(w, r, "evaluation.title")
	status, body := http.StatusOK, map[string]any{}
	switch code := haki.ErrorCode(err); {
	case err == nil:
		body["version"], body["saved"], body["partial"] = e.Version, p.Clock(e.UpdatedAt), partial
	case code == haki.EINVALID || code == haki.ECONFLICT || code == haki.EFORBIDDEN:
		status = map[string]int{haki.EINVALID: http.StatusUnprocessableEntity, haki.ECONFLICT: http.StatusConflict,
			haki.EFORBIDDEN: http.StatusForbidden}[code]
		body["message"] = p.cat.Message(p.Lang, haki.ErrorMessage(err))
		fields := map[string]string{}
		for k, v := range haki.ErrorFields(err) {
			fields[k] = p.cat.Message(p.Lang, v)
		}
		body["fields"] = fields
	default:
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(body)
}
