package store

import (
	"context"
	"strconv"
	"strings"

	"github.com/haki-kenya/haki"
)

// VerifyPublicReport verifies a report from the public, which only a data
// manager or administrator may do (PermVerify): the report becomes a
// further source of an incident in the records, or a new incident recorded
// verified, with its victims and their acts; if asked, a case is opened
// for whoever wants help through the intake flow. The report's own words
// become the source's text and the report stays, linked to the incident
// and the case, with status "verified". All of it is one transaction: a
// problem anywhere leaves nothing written. Those who may not triage learn
// only that there is no such report.
func (s *Store) VerifyPublicReport(ctx context.Context, id string, v haki.ReportVerification) (*haki.PublicReport, error) {
	u := haki.UserFromContext(ctx)
	if err := requireRead(u, haki.PermTriage, "report"); err != nil {
		return nil, err
	}
	if err := require(u, haki.PermVerify); err != nil {
		return nil, haki.Errorf(haki.EFORBIDDEN, "Only a data manager or administrator can verify a report.")
	}
	need := []haki.Permission{haki.PermIncidentWrite}
	for _, vic := range v.Victims {
		if vic.Person != nil {
			need = append(need, haki.PermPersonWrite)
		}
	}
	if v.Case != nil {
		need = append(need, haki.PermCaseWrite)
	}
	for _, p := range need {
		if err := require(u, p); err != nil {
			return nil, err
		}
	}
	v.Normalize()
	var out *haki.PublicReport
	err := s.triage(ctx, id, v.Version, func(tx *Tx, r *haki.PublicReport) error {
		if err := v.Validate(tx.now); err != nil {
			return err
		}
		if r.Status == "verified" {
			return haki.Errorf(haki.ECONFLICT, "This report is already verified.")
		}
		before := reportLinks{Status: r.Status, DuplicateOf: r.DuplicateOf}
		incidentID, err := tx.verifyIncident(&v)
		if err != nil {
			return err
		}
		persons, err := tx.verifyVictims(incidentID, v.Victims)
		if err != nil {
			return err
		}
		src := &haki.Source{IncidentID: incidentID, Kind: v.SourceKind, Outlet: r.Ref, Description: r.SourceText(),
			SourceDate: haki.FuzzyDate{Date: haki.Today(r.ReceivedAt), Precision: haki.PrecisionDay}, Reliability: v.Reliability}
		if err := tx.createSource(src); err != nil {
			return renameFields(err, func(f string) string { return strings.Replace(f, "kind", "source_kind", 1) })
		}
		caseID := ""
		if v.Case != nil {
			if caseID, err = tx.verifyCase(r, v.Case, incidentID, persons); err != nil {
				return err
			}
		}
		if err := tx.execOne("report", `UPDATE public_reports SET status = 'verified', incident_id = ?, case_id = ?, duplicate_of = '',
			updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			incidentID, nullString(caseID), fmtTime(tx.now), r.ID, r.Version); err != nil {
			return err
		}
		if err := tx.transferReportMedia(r.ID, incidentID); err != nil {
			return err
		}
		keyID, key, err := tx.reportKey(r.ID)
		if err != nil {
			return err
		}
		after := reportLinks{Status: "verified", IncidentID: incidentID, CaseID: caseID, SourceID: src.ID}
		if err := tx.auditSealed("verify", "public_report", r.ID, keyID, key, before, after); err != nil {
			return err
		}
		r.Status, r.IncidentID, r.CaseID, r.DuplicateOf, r.Version = "verified", incidentID, caseID, "", r.Version+1
		out = r
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// reportLinks is what the audit entry of a verification records.
type reportLinks struct {
	Status      string `json:"status"`
	DuplicateOf string `json:"duplicate_of,omitempty"`
	IncidentID  string `json:"incident_id,omitempty"`
	CaseID      string `json:"case_id,omitempty"`
	SourceID    string `json:"source_id,omitempty"`
}

// verifyIncident returns the incident a report is verified into: the one in
// the records the caller may see, or a new one, recorded verified.
func (tx *Tx) verifyIncident(v *haki.ReportVerification) (string, error) {
	if v.IncidentID != "" {
		if _, err := tx.findIncident(v.IncidentID); haki.ErrorCode(err) == haki.ENOTFOUND {
			return "", fieldProblem("incident_id", "Choose an incident from the records.")
		} else if err != nil {
			return "", err
		}
		return v.IncidentID, nil
	}
	inc := v.Incident
	inc.Verification, inc.OverrideReason = "verified", ""
	if err := tx.createIncident(inc); err != nil {
		return "", prefixFields(err, "incident.")
	}
	return inc.ID, nil
}

// verifyVictims records each victim (a person in the records, or a new
// one) and their act in the incident, and returns the victims' person ids.
func (tx *Tx) verifyVictims(incidentID string, victims []haki.ReportVictim) ([]string, error) {
	var ids []string
	for i, vic := range victims {
		f := "victims." + strconv.Itoa(i) + "."
		personID := vic.PersonID
		if vic.Person != nil {
			if err := tx.createPerson(vic.Person); err != nil {
				return nil, prefixFields(err, f+"person.")
			}
			personID = vic.Person.ID
		}
		a := vic.Act
		a.ID, a.IncidentID, a.VictimID = "", incidentID, personID
		if err := tx.createAct(&a); err != nil {
			return nil, renameFields(err, func(k string) string {
				if k == "victim_id" {
					return f + "person_id"
				}
				return f + "act." + k
			})
		}
		ids = append(ids, personID)
	}
	return ids, nil
}

// verifyCase opens the case of a verified report through the intake flow:
// its client, relation and assessment as chosen, the channel "public
// report", the intake date the day the report came, linked to the incident.
func (tx *Tx) verifyCase(r *haki.PublicReport, rc *haki.ReportCase, incidentID string, victims []string) (string, error) {
	clientID := rc.ClientID
	if rc.ClientVictim > 0 {
		clientID = victims[rc.ClientVictim-1]
	}
	a := rc.Assessment
	if a.AssessedOn.IsZero() {
		a.AssessedOn = haki.Today(tx.now)
	}
	in := &haki.Intake{ClientID: clientID, IncidentIDs: []string{incidentID}, Consents: rc.Consents, Assessment: a,
		Case: haki.Case{ClientRelation: rc.ClientRelation, IntakeDate: haki.Today(r.ReceivedAt), IntakeChannel: "public_report",
			CaseworkerID: rc.CaseworkerID, TeamID: rc.TeamID, Sensitive: rc.Sensitive, Summary: rc.Summary}}
	c, err := tx.finishIntake(in, "")
	if err != nil {
		return "", renameFields(err, func(k string) string {
			if strings.HasPrefix(k, "case.") {
				return k
			}
			return "case." + k
		})
	}
	return c.ID, nil
}

// fieldProblem is an EINVALID error about one field.
func fieldProblem(field, msg string) error {
	p := haki.Problems{}
	p.Add(field, msg)
	return p.Err()
}

// renameFields renames the fields of an EINVALID error; other errors pass
// unchanged.
func renameFields(err error, name func(string) string) error {
	fields := haki.ErrorFields(err)
	if haki.ErrorCode(err) != haki.EINVALID || len(fields) == 0 {
		return err
	}
	p := haki.Problems{}
	for k, m := range fields {
		p.Add(name(k), m)
	}
	return p.Err()
}
