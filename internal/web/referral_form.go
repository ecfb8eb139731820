package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/haki-kenya/haki"
)

// referralFormPage is the data of the form that sends a referral.
type referralFormPage struct {
	Page
	Case          *haki.Case
	Referral      *haki.Referral
	Professionals []providerOption // "professional:<id>"
	Partners      []providerOption // "partner:<id>"
	// What the user typed.
	To, SentOn, DueOn string
}

func (s *Server) renderReferralForm(w http.ResponseWriter, r *http.Request, p referralFormPage, status int) error {
	ctx := r.Context()
	opts, err := s.store.ProfessionalOptions(ctx)
	if err != nil {
		return err
	}
	for _, o := range opts {
		label := o.Name + " (" + p.T("network.profession."+o.Profession)
		if o.Availability == "limited" {
			label += ", " + p.T("network.availability.limited")
		}
		p.Professionals = append(p.Professionals, providerOption{"professional:" + o.ID, label + ")"})
	}
	partners, err := s.store.FindPartners(ctx, "", "")
	if err != nil {
		return err
	}
	for _, pa := range partners {
		p.Partners = append(p.Partners, providerOption{"partner:" + pa.ID, pa.Name + " (" + p.T("partner.kind."+pa.Kind) + ")"})
	}
	return s.render(w, r, status, "referral_form", p)
}

func (s *Server) referralNew(w http.ResponseWriter, r *http.Request) error {
	c, err := s.store.FindCaseByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	p := referralFormPage{Page: s.page(w, r, "referral.new.title"), Case: c, Referral: &haki.Referral{}, SentOn: haki.Today(s.now()).Format(time.DateOnly)}
	return s.renderReferralForm(w, r, p, http.StatusOK)
}

// referralCreate sends the referral. The store refuses it without the
// client's consent; the refusal is shown beside the field, and an
// administrator sees where to write an override.
func (s *Server) referralCreate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	c, err := s.store.FindCaseByID(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	p := referralFormPage{Page: s.page(w, r, "referral.new.title"), Case: c}
	f := newForm(r)
	ref := &haki.Referral{CaseID: c.ID, Reason: f.str("reason")}
	if p.User.Role == haki.RoleAdmin {
		ref.OverrideReason = f.str("override_reason")
	}
	kind, id, _ := strings.Cut(f.str("to"), ":")
	switch kind {
	case "professional":
		ref.ProfessionalID = id
	case "partner":
		ref.PartnerID = id
	}
	for field, dst := range map[string]*time.Time{"sent_on": &ref.SentOn, "due_on": &ref.DueOn} {
		if v := f.str(field); v != "" {
			t, err := time.Parse(time.DateOnly, v)
			if err != nil {
				f.problems.Add(field, p.T("common.date_day_hint"))
			}
			*dst = t
		}
	}
	ref.Normalize()
	err = f.check(func() error { return ref.Validate(s.now()) })
	if err == nil {
		err = s.store.CreateReferral(ctx, ref)
	}
	if fields, ok := fieldErrors(err); ok {
		p.Referral, p.Errors = ref, fields
		p.To, p.SentOn, p.DueOn = f.str("to"), f.str("sent_on"), f.str("due_on")
		return s.renderReferralForm(w, r, p, http.StatusUnprocessableEntity)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/cases/"+c.ID+"#referrals", "flash.referral_sent")
}

// referralRespondPage is the data of the answer form when it comes back
// with problems.
type referralRespondPage struct {
	Page
	Case     *haki.Case
	Referral referralRow
	// What the user typed.
	Action, On, Feedback string
}

// referralRespond records an answer to a referral of the case: accepted,
// declined or completed, with feedback.
func (s *Server) referralRespond(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	ref, err := s.store.FindReferralByID(ctx, r.PathValue("ref"))
	if err != nil {
		return err
	}
	if ref.CaseID != r.PathValue("id") {
		return haki.Errorf(haki.ENOTFOUND, "No such referral.")
	}
	f := newForm(r)
	resp := &haki.ReferralResponse{Action: f.str("action"), Feedback: f.str("feedback"), Version: f.version()}
	if v := f.str("on"); v != "" {
		t, err := time.Parse(time.DateOnly, v)
		if err != nil {
			f.problems.Add("on", s.cat.T(s.lang(r), "common.date_day_hint"))
		}
		resp.On = t
	}
	resp.Normalize()
	err = f.check(func() error { return resp.Validate(ref.Status, s.now()) })
	if err == nil {
		_, err = s.store.RespondReferral(ctx, ref.ID, resp)
	}
	if fields, ok := fieldErrors(err); ok {
		c, cerr := s.store.FindCaseByID(ctx, ref.CaseID)
		if cerr != nil {
			return cerr
		}
		p := referralRespondPage{Page: s.page(w, r, "referral.respond.title"), Case: c, Action: resp.Action, On: f.str("on"), Feedback: resp.Feedback}
		p.Referral = referralRow{Referral: ref, Actions: referralActions(ref.Status)}
		p.Errors = fields
		return s.render(w, r, http.StatusUnprocessableEntity, "referral_respond", p)
	} else if err != nil {
		return err
	}
	if resp.Action == "decline" && !haki.UserFromContext(ctx).Can(haki.PermCaseWrite) {
		// Declining took the case away from the professional.
		return s.redirect(w, r, "/", "flash.referral_declined")
	}
	return s.redirect(w, r, "/cases/"+ref.CaseID+"#referrals", "flash.saved")
}

// referralActions lists the answers a referral in status may get.
func referralActions(status string) []string {
	switch status {
	case haki.ReferralSent:
		return []string{"accept", "decline", "complete"}
	case haki.ReferralAccepted:
		return []string{"complete"}
	}
	return nil
}

// referralOverduePage is the list of overdue referrals of the caller's cases.
type referralOverduePage struct {
	Page
	Referrals []*haki.Referral
}

// referralOverdue lists the referrals past their due date, of the cases
// the caller may see.
func (s *Server) referralOverdue(w http.ResponseWriter, r *http.Request) error {
	p := referralOverduePage{Page: s.page(w, r, "referral.overdue.title")}
	var err error
	if p.Referrals, err = s.store.FindOverdueReferrals(r.Context()); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "referral_overdue", p)
}
