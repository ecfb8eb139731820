package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/haki-kenya/haki"
)

// triageVerify verifies a report (data managers and administrators): into
// a new incident or as a source of one in the records, with its victims,
// and a case if help is wanted. All or nothing: a problem shows the form
// again as typed.
func (s *Server) triageVerify(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	f := newForm(r)
	vf := readVerifyForm(f)
	v := haki.ReportVerification{SourceKind: vf.SourceKind, Reliability: vf.Reliability, Version: vf.Version}
	// rows maps the store's victim index to the form's row.
	var rows []int
	if vf.Mode == "source" {
		if vf.IncidentRef == "" {
			f.problems.Add("incident_ref", "Choose an incident from the records.")
		} else if inc, err := s.store.FindIncidentByRef(ctx, vf.IncidentRef); haki.ErrorCode(err) == haki.ENOTFOUND {
			f.problems.Add("incident_ref", "Choose an incident from the records.")
		} else if err != nil {
			return err
		} else {
			v.IncidentID = inc.ID
		}
	} else {
		v.Incident = &haki.Incident{Title: vf.Title, Types: vf.Types, Occurred: f.date("occurred"), CountyCode: vf.CountyCode,
			PlaceName: vf.PlaceName, Narrative: vf.Narrative}
	}
	for _, row := range vf.Victims {
		if !row.Include {
			continue
		}
		vic := haki.ReportVictim{Act: haki.Act{ActType: row.ActType, Method: row.Method, VictimStatus: row.Status}}
		age := f.int(row.Field("age"))
		vic.Act.VictimAge = age
		if row.PersonRef != "" {
			per, err := s.store.FindPersonByRef(ctx, row.PersonRef)
			if haki.ErrorCode(err) == haki.ENOTFOUND {
				f.problems.Add(row.Field("ref"), "Choose a person from the records.")
			} else if err != nil {
				return err
			} else {
				vic.PersonID = per.ID
			}
		} else {
			vic.Person = &haki.Person{FullName: row.Name, Sex: row.Sex, EstimatedAge: age, Deceased: row.Status == "killed"}
		}
		rows = append(rows, row.Index)
		v.Victims = append(v.Victims, vic)
	}
	if vf.OpenCase {
		rc := &haki.ReportCase{ClientRelation: vf.ClientRelation, Assessment: &haki.Assessment{ThreatLevel: vf.ThreatLevel,
			ContactMethod: vf.ContactMethod, SafeToCall: vf.SafeToCall, SafeToText: vf.SafeToText, Needs: vf.Needs}}
		n, _ := strconv.Atoi(vf.CaseClient)
		for k, row := range rows {
			if row+1 == n {
				rc.ClientVictim = k + 1
			}
		}
		v.Case = rc
	}
	var err error
	if len(f.problems) > 0 {
		err = f.problems.Err()
	} else {
		_, err = s.store.VerifyPublicReport(ctx, r.PathValue("id"), v)
	}
	if fields, ok := fieldErrors(err); ok {
		return s.triageInvalid(w, r, "verify", nil, func(p *triageShowPage) {
			vf.Others = nil
			p.Errors = verifyFields(fields, rows, &vf.Others)
			p.Verify = vf
		})
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/triage/"+r.PathValue("id"), "flash.triage_verified")
}

// readVerifyForm reads the verification form as typed.
func readVerifyForm(f *form) verifyForm {
	vf := verifyForm{Mode: f.str("mode"), IncidentRef: f.str("incident_ref"), Title: f.str("title"), Types: f.strs("types"),
		Occurred: f.str("occurred"), CountyCode: f.str("county_code"), PlaceName: f.str("place_name"), Narrative: f.str("narrative"),
		SourceKind: f.str("source_kind"), Reliability: f.str("reliability"), OpenCase: f.bool("open_case"),
		CaseClient: f.str("case_client"), ClientRelation: f.str("client_relation"), ThreatLevel: f.str("threat_level"),
		ContactMethod: f.str("contact_method"), SafeToCall: f.bool("safe_to_call"), SafeToText: f.bool("safe_to_text"),
		Needs: f.strs("needs"), Version: f.version()}
	if vf.Mode != "source" {
		vf.Mode = "new"
	}
	n, _ := strconv.Atoi(f.str("victims"))
	n = min(max(n, 0), haki.MaxReportHarmed+1)
	for i := range n {
		row := victimRow{Index: i}
		row.Include = f.bool(row.Field("include"))
		row.Name, row.Sex, row.Age = f.str(row.Field("name")), f.str(row.Field("sex")), f.str(row.Field("age"))
		row.PersonRef, row.ActType, row.Method, row.Status = f.str(row.Field("ref")), f.str(row.Field("act_type")), f.str(row.Field("method")), f.str(row.Field("status"))
		vf.Victims = append(vf.Victims, row)
	}
	return vf
}

// verifyFields names the store's problems after the form's fields; those
// without a field of their own go to others.
func verifyFields(fields map[string]string, rows []int, others *[]string) map[string]string {
	out := map[string]string{}
	victim := map[string]string{"person_id": "ref", "person.full_name": "name", "person.sex": "sex", "person.estimated_age": "age",
		"act.act_type": "act_type", "act.method": "method", "act.victim_status": "status", "act.victim_age": "age"}
	caseField := map[string]string{"case.client_id": "case_client", "case.client_relation": "client_relation",
		"case.assessment.threat_level": "threat_level", "case.assessment.contact_method": "contact_method", "case.assessment.needs": "needs"}
	for k, m := range fields {
		name := ""
		switch {
		case k == "incident_id":
			name = "incident_ref"
		case strings.HasPrefix(k, "incident."):
			name = strings.TrimPrefix(k, "incident.")
		case strings.HasPrefix(k, "victims."):
			parts := strings.SplitN(strings.TrimPrefix(k, "victims."), ".", 2)
			i, err := strconv.Atoi(parts[0])
			if err == nil && i < len(rows) && len(parts) == 2 && victim[parts[1]] != "" {
				name = (victimRow{Index: rows[i]}).Field(victim[parts[1]])
			}
		case k == "reliability" || k == "source_kind" || strings.HasPrefix(k, "v") || k == "incident_ref" || k == "occurred":
			name = k
		default:
			name = caseField[k]
		}
		if name == "" {
			*others = append(*others, m)
			continue
		}
		out[name] = m
	}
	if len(*others) > 0 {
		out["verify"] = (*others)[0]
	}
	return out
}
