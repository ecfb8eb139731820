package api

import (
	"net/http"

	"github.com/haki-kenya/haki"
)

// VerificationJSON is how a data manager or administrator verifies a
// public report (haki.ReportVerification): into an incident in the records
// (incident_id) or a new incident (incident) with its victims, and a case
// for whoever wants help (case). Days are days, as elsewhere in the API.
type VerificationJSON struct {
	IncidentID  string              `json:"incident_id,omitempty"`
	Incident    *haki.Incident      `json:"incident,omitempty"`
	Victims     []haki.ReportVictim `json:"victims"`
	SourceKind  string              `json:"source_kind,omitempty"` // vocabulary "source_kind"; public_report when left out
	Reliability string              `json:"reliability"`           // vocabulary "reliability"
	Case        *ReportCaseJSON     `json:"case,omitempty"`
	Version     int                 `json:"version"`
}

// ReportCaseJSON is the case opened on verifying a report: client_id (a
// person in the records) or client_victim (the n-th victim, from 1).
type ReportCaseJSON struct {
	ClientID       string          `json:"client_id,omitempty"`
	ClientVictim   int             `json:"client_victim,omitempty"`
	ClientRelation string          `json:"client_relation"` // vocabulary "client_relation"
	Assessment     *AssessmentJSON `json:"assessment"`
	Consents       []ConsentJSON   `json:"consents"`
	CaseworkerID   string          `json:"caseworker_id,omitempty"`
	TeamID         string          `json:"team_id,omitempty"`
	Sensitive      bool            `json:"sensitive"`
	Summary        string          `json:"summary,omitempty"`
}

func (vj *VerificationJSON) domain() haki.ReportVerification {
	v := haki.ReportVerification{IncidentID: vj.IncidentID, Incident: vj.Incident, Victims: vj.Victims, SourceKind: vj.SourceKind,
		Reliability: vj.Reliability, Version: vj.Version}
	if c := vj.Case; c != nil {
		v.Case = &haki.ReportCase{ClientID: c.ClientID, ClientVictim: c.ClientVictim, ClientRelation: c.ClientRelation,
			CaseworkerID: c.CaseworkerID, TeamID: c.TeamID, Sensitive: c.Sensitive, Summary: c.Summary}
		if c.Assessment != nil {
			v.Case.Assessment = c.Assessment.domain()
		}
		for i := range c.Consents {
			v.Case.Consents = append(v.Case.Consents, *c.Consents[i].domain())
		}
	}
	return v
}

// VerifiedJSON is a report once verified: where it went. It carries
// nothing the reporter said.
type VerifiedJSON struct {
	ID         string `json:"id"`
	Ref        string `json:"ref"`
	Status     string `json:"status"`
	IncidentID string `json:"incident_id"`
	CaseID     string `json:"case_id,omitempty"`
	Version    int    `json:"version"`
}

func (s *Server) verifyPublicReport(w http.ResponseWriter, r *http.Request) error {
	var vj VerificationJSON
	if err := decode(w, r, &vj); err != nil {
		return err
	}
	if err := requireVersion(vj.Version); err != nil {
		return err
	}
	rep, err := s.store.VerifyPublicReport(r.Context(), r.PathValue("id"), vj.domain())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, VerifiedJSON{ID: rep.ID, Ref: rep.Ref, Status: rep.Status, IncidentID: rep.IncidentID,
		CaseID: rep.CaseID, Version: rep.Version})
}
