package web

import (
	"net/http"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
)

// consentHowView is what the "consent-how" partial draws: how a decision
// was taken (day, method, language, guardian), with fields named with
// Prefix ("consent." in the intake, "" on the case's page).
type consentHowView struct {
	Page
	In                 consentInput
	Methods, Languages []string
	Prefix             string
}

// ConsentHow draws the shared consent fields of the intake's step 3.
func (p intakePage) ConsentHow() consentHowView {
	return consentHowView{Page: p.Page, In: p.Data.Consent, Methods: haki.ConsentMethods, Languages: haki.ConsentLanguages, Prefix: "consent."}
}

// consentRow is one purpose and the decision in force for it (nil: none recorded).
type consentRow struct {
	Purpose string
	Consent *haki.Consent
}

// consentsInForce lists every purpose with its decision in force.
func consentsInForce(history []*haki.Consent) []consentRow {
	in := store.ConsentsInForce(history)
	out := make([]consentRow, len(haki.ConsentPurposes))
	for i, p := range haki.ConsentPurposes {
		out[i] = consentRow{Purpose: p, Consent: in[p]}
	}
	return out
}

// caseConsentPage is a case's consents: in force per purpose, the history,
// and the form to record a decision.
type caseConsentPage struct {
	Page
	Case     *haki.Case
	InForce  []consentRow
	History  []*haki.Consent
	Evidence []*haki.Evidence // the case's files, for the signed form
	// The form, as typed.
	Purpose, Decision, EvidenceID, Notes string
	In                                   consentInput
	Purposes, Decisions                  []string
}

// How draws the form's shared fields.
func (p caseConsentPage) How() consentHowView {
	return consentHowView{Page: p.Page, In: p.In, Methods: haki.ConsentMethods, Languages: haki.ConsentLanguages}
}

func (s *Server) renderCaseConsents(w http.ResponseWriter, r *http.Request, p caseConsentPage, status int) error {
	ctx := r.Context()
	var err error
	if p.History, err = s.store.FindConsents(ctx, p.Case.ID); err != nil {
		return err
	}
	p.InForce = consentsInForce(p.History)
	ev, err := s.evidenceList(ctx, haki.OwnerCase, p.Case.ID)
	if err != nil {
		return err
	}
	p.Evidence = ev.Items
	p.Purposes, p.Decisions = haki.ConsentPurposes, haki.ConsentDecisions
	if p.In.DecidedOn == "" {
		p.In.DecidedOn = haki.Today(s.now()).Format("2006-01-02")
	}
	if p.In.Language == "" {
		p.In.Language = "sw"
	}
	p.Title = p.Case.Ref + " · " + p.T("case.consent.title")
	return s.render(w, r, status, "case_consent", p)
}

// caseConsents shows a case's consents.
func (s *Server) caseConsents(w http.ResponseWriter, r *http.Request) error {
	c, err := s.store.FindCaseByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	p := caseConsentPage{Page: s.page(w, r, "case.consent.title"), Case: c}
	return s.renderCaseConsents(w, r, p, http.StatusOK)
}

// caseConsentCreate records a client's decision about one purpose.
func (s *Server) caseConsentCreate(w http.ResponseWriter, r *http.Request) error {
	c, err := s.store.FindCaseByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	f := newForm(r)
	p := caseConsentPage{Page: s.page(w, r, "case.consent.title"), Case: c, Purpose: f.str("purpose"), Decision: f.str("decision"),
		EvidenceID: f.str("evidence_id"), Notes: f.str("notes"),
		In: consentInput{DecidedOn: f.str("decided_on"), Method: f.str("method"), Language: f.str("language"),
			GuardianName: f.str("guardian_name"), GuardianRelation: f.str("guardian_relation")}}
	cs := &haki.Consent{CaseID: c.ID, Purpose: p.Purpose, Decision: p.Decision, DecidedOn: f.cwDay("decided_on"), Method: p.In.Method,
		Language: p.In.Language, GuardianName: p.In.GuardianName, GuardianRelation: p.In.GuardianRelation, EvidenceID: p.EvidenceID, Notes: p.Notes}
	cs.Normalize()
	err = f.check(func() error { return cs.Validate(s.now()) })
	if err == nil {
		err = s.store.RecordConsent(r.Context(), cs)
	}
	if fields, ok := fieldErrors(err); ok {
		p.Errors = fields
		return s.renderCaseConsents(w, r, p, http.StatusUnprocessableEntity)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/cases/"+c.ID+"/consents", "flash.saved")
}
