package api

import (
	"net/http"

	"github.com/haki-kenya/haki"
)

// ReferralJSON is a referral as the API reads and writes it: its dates
// are days. A due_on left out is 14 days after sent_on. override_reason is
// an administrator's reason to refer without the client's consent.
type ReferralJSON struct {
	haki.Referral
	SentOn      Date `json:"sent_on"`
	DueOn       Date `json:"due_on"`
	RespondedOn Date `json:"responded_on"`
	CompletedOn Date `json:"completed_on"`
}

func referralJSON(rf *haki.Referral) *ReferralJSON {
	return &ReferralJSON{Referral: *rf, SentOn: Date{rf.SentOn}, DueOn: Date{rf.DueOn}, RespondedOn: Date{rf.RespondedOn},
		CompletedOn: Date{rf.CompletedOn}}
}

func referralsJSON(rs []*haki.Referral) []*ReferralJSON {
	out := make([]*ReferralJSON, len(rs))
	for i, rf := range rs {
		out[i] = referralJSON(rf)
	}
	return out
}

// ReferralResponseJSON answers a referral: accept, decline or complete, on
// a day, with feedback; version is the referral's as read.
type ReferralResponseJSON struct {
	Action   string `json:"action"`
	On       Date   `json:"on"`
	Feedback string `json:"feedback,omitempty"`
	Version  int    `json:"version"`
}

// listReferrals returns the referrals of a case, latest first.
func (s *Server) listReferrals(w http.ResponseWriter, r *http.Request) error {
	rs, err := s.store.FindReferrals(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeList(w, referralsJSON(rs), "")
}

// listOverdueReferrals returns the referrals past due of the caller's cases.
func (s *Server) listOverdueReferrals(w http.ResponseWriter, r *http.Request) error {
	rs, err := s.store.FindOverdueReferrals(r.Context())
	if err != nil {
		return err
	}
	return writeList(w, referralsJSON(rs), "")
}

// createReferral sends a referral; without the client's consent it is 422
// with errors.consent (or errors.override_reason).
func (s *Server) createReferral(w http.ResponseWriter, r *http.Request) error {
	var in ReferralJSON
	if err := decode(w, r, &in); err != nil {
		return err
	}
	rf := in.Referral
	rf.SentOn, rf.DueOn = in.SentOn.Time, in.DueOn.Time
	if err := s.store.CreateReferral(r.Context(), &rf); err != nil {
		return err
	}
	rf.OverrideReason = ""
	return writeCreated(w, v1+"/referrals/"+rf.ID, referralJSON(&rf))
}

func (s *Server) getReferral(w http.ResponseWriter, r *http.Request) error {
	rf, err := s.store.FindReferralByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, referralJSON(rf))
}

// respondReferral records the answer of the professional it was sent to,
// or of the case's caseworker.
func (s *Server) respondReferral(w http.ResponseWriter, r *http.Request) error {
	var in ReferralResponseJSON
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := requireVersion(in.Version); err != nil {
		return err
	}
	rf, err := s.store.RespondReferral(r.Context(), r.PathValue("id"),
		&haki.ReferralResponse{Action: in.Action, On: in.On.Time, Feedback: in.Feedback, Version: in.Version})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, referralJSON(rf))
}
