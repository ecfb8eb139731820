package web

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/haki-kenya/haki"
)

// intakeData is what the screens of the guided intake hold, as typed: the
// draft keeps it (sealed) between screens, so going back and forth, or
// coming back another day, shows everything as it was left.
type intakeData struct {
	// Step 1: the client, a person picked in the records or a new one.
	ClientID    string        `json:"client_id,omitempty"`
	Client      *personBrief  `json:"client,omitempty"` // the person picked, for display
	NewClient   bool          `json:"new_client,omitempty"`
	Person      personInput   `json:"person"`
	Candidates  []personBrief `json:"-"`
	SearchQuery string        `json:"-"`
	// Step 2: incidents picked by reference and a brief new one.
	Incidents   []incidentBrief `json:"incidents,omitempty"`
	NewIncident bool            `json:"new_incident,omitempty"`
	Incident    incidentInput   `json:"incident"`
	AddRefs     string          `json:"-"`
	// Step 3: needs and consents.
	Needs     []string          `json:"needs,omitempty"`
	Decisions map[string]string `json:"decisions,omitempty"`
	Consent   consentInput      `json:"consent"`
	// Step 4: the risk and protection assessment.
	Assessment assessmentInput `json:"assessment"`
	// Step 5: the case.
	Case caseInput `json:"case"`
}

// personBrief is a person as the intake lists them: never more than it
// takes to tell two people apart.
type personBrief struct {
	ID, Ref, Name, BirthYear, CountyCode string
}

type incidentBrief struct{ ID, Ref, Title string }

type personInput struct {
	FullName, Sex, BirthDate, NationalID, Phone, CountyCode string
}

type incidentInput struct {
	Title      string
	Types      []string
	Occurred   string
	CountyCode string
	Narrative  string
}

type consentInput struct {
	DecidedOn, Method, Language, GuardianName, GuardianRelation string
}

type assessmentInput struct {
	AssessedOn, ThreatLevel, ThreatenedBy, SafeTimes, ContactMethod, Notes string
	SafeToCall, SafeToText                                                 bool
}

type caseInput struct {
	ClientRelation, IntakeDate, IntakeChannel, CaseworkerID, TeamID, Summary string
	Sensitive                                                                bool
}

func decodeIntake(s string) (*intakeData, error) {
	d := &intakeData{}
	if s == "" {
		return d, nil
	}
	return d, json.Unmarshal([]byte(s), d)
}

func (d *intakeData) encode() string {
	cp := *d
	cp.Candidates = nil
	b, _ := json.Marshal(cp)
	return string(b)
}

// fillDefaults puts today where a date is still empty.
func (d *intakeData) fillDefaults(today string) {
	for _, p := range []*string{&d.Consent.DecidedOn, &d.Assessment.AssessedOn, &d.Case.IntakeDate} {
		if *p == "" {
			*p = today
		}
	}
	if d.Consent.Language == "" {
		d.Consent.Language = "sw"
	}
	if d.Case.ClientRelation == "" {
		d.Case.ClientRelation = "survivor"
	}
}

// readStep reads the fields of one screen from the form, leaving the others
// as they were.
func (d *intakeData) readStep(f *form, step int) {
	switch step {
	case 1:
		d.SearchQuery = f.str("q")
		choice := f.str("client_id")
		d.NewClient = choice == "new"
		if choice != "new" && choice != "" {
			d.ClientID = choice
		} else if choice == "new" {
			d.ClientID, d.Client = "", nil
		}
		d.Person = personInput{FullName: f.str("person.full_name"), Sex: f.str("person.sex"), BirthDate: f.str("person.birth_date"),
			NationalID: f.str("person.national_id"), Phone: f.str("person.phone"), CountyCode: f.str("person.county_code")}
	case 2:
		keep := f.strs("incident_ids")
		d.Incidents = slices.DeleteFunc(d.Incidents, func(b incidentBrief) bool { return !slices.Contains(keep, b.ID) })
		d.AddRefs = strings.Join(append([]string{f.str("incident_refs")}, f.strs("offer_refs")...), ", ")
		d.NewIncident = f.bool("new_incident")
		d.Incident = incidentInput{Title: f.str("incident.title"), Types: f.strs("incident.types"), Occurred: f.str("incident.occurred"),
			CountyCode: f.str("incident.county_code"), Narrative: f.str("incident.narrative")}
	case 3:
		d.Needs = f.strs("assessment.needs")
		d.Decisions = map[string]string{}
		for _, p := range haki.ConsentPurposes {
			if v := f.str("consent." + p + ".decision"); v != "" {
				d.Decisions[p] = v
			}
		}
		d.Consent = consentInput{DecidedOn: f.str("consent.decided_on"), Method: f.str("consent.method"), Language: f.str("consent.language"),
			GuardianName: f.str("consent.guardian_name"), GuardianRelation: f.str("consent.guardian_relation")}
	case 4:
		d.Assessment = assessmentInput{AssessedOn: f.str("assessment.assessed_on"), ThreatLevel: f.str("assessment.threat_level"),
			ThreatenedBy: f.str("assessment.threatened_by"), SafeTimes: f.str("assessment.safe_times"),
			ContactMethod: f.str("assessment.contact_method"), Notes: f.str("assessment.notes"),
			SafeToCall: f.bool("assessment.safe_to_call"), SafeToText: f.bool("assessment.safe_to_text")}
	case 5:
		d.Case = caseInput{ClientRelation: f.str("case.client_relation"), IntakeDate: f.str("case.intake_date"),
			IntakeChannel: f.str("case.intake_channel"), CaseworkerID: f.str("case.caseworker_id"), TeamID: f.str("case.team_id"),
			Summary: f.str("case.summary"), Sensitive: f.bool("case.sensitive")}
	}
}

// intake builds the domain intake from what was typed; what cannot be read
// (a date) is added to problems under the field's name.
func (d *intakeData) intake(pr haki.Problems) *haki.Intake {
	day := func(field, v string) time.Time {
		if v == "" {
			return time.Time{}
		}
		t, err := time.Parse("2006-01-02", v)
		if err != nil {
			pr.Add(field, "Write the day as 2024-01-31.")
		}
		return t
	}
	fuzzy := func(field, v string) haki.FuzzyDate {
		if v == "" {
			return haki.FuzzyDate{}
		}
		fd, err := haki.ParseFuzzyDate(v)
		if err != nil {
			pr.Add(field, haki.ErrorMessage(err))
		}
		return fd
	}
	in := &haki.Intake{ClientID: d.ClientID}
	if d.NewClient {
		in.ClientID = ""
		in.NewClient = &haki.Person{FullName: d.Person.FullName, Sex: d.Person.Sex, BirthDate: fuzzy("person.birth_date", d.Person.BirthDate),
			NationalID: d.Person.NationalID, Phone: d.Person.Phone, CountyCode: d.Person.CountyCode}
	}
	for _, b := range d.Incidents {
		in.IncidentIDs = append(in.IncidentIDs, b.ID)
	}
	if d.NewIncident {
		in.NewIncident = &haki.Incident{Title: d.Incident.Title, Types: d.Incident.Types, Occurred: fuzzy("incident.occurred", d.Incident.Occurred),
			CountyCode: d.Incident.CountyCode, Narrative: d.Incident.Narrative, Verification: "unverified"}
	}
	on := day("consent.decided_on", d.Consent.DecidedOn)
	for _, p := range haki.ConsentPurposes {
		if dec := d.Decisions[p]; dec != "" {
			in.Consents = append(in.Consents, haki.Consent{Purpose: p, Decision: dec, DecidedOn: on, Method: d.Consent.Method,
				Language: d.Consent.Language, GuardianName: d.Consent.GuardianName, GuardianRelation: d.Consent.GuardianRelation})
		}
	}
	a := d.Assessment
	in.Assessment = &haki.Assessment{AssessedOn: day("assessment.assessed_on", a.AssessedOn), ThreatLevel: a.ThreatLevel,
		ThreatenedBy: a.ThreatenedBy, SafeToCall: a.SafeToCall, SafeToText: a.SafeToText, SafeTimes: a.SafeTimes,
		ContactMethod: a.ContactMethod, Needs: d.Needs, Notes: a.Notes}
	in.Case = haki.Case{ClientRelation: d.Case.ClientRelation, IntakeDate: day("case.intake_date", d.Case.IntakeDate),
		IntakeChannel: d.Case.IntakeChannel, CaseworkerID: d.Case.CaseworkerID, TeamID: d.Case.TeamID, Sensitive: d.Case.Sensitive,
		Summary: d.Case.Summary}
	return in
}

// stepProblems returns the problems of the screens up to step: those of
// reading the form and of Intake.Validate at instant now, so a user moving
// on from a screen hears only about what is on it and before.
func (d *intakeData) stepProblems(step int, now time.Time) map[string]string {
	pr := haki.Problems{}
	in := d.intake(pr)
	in.Normalize()
	for k, v := range haki.ErrorFields(in.Validate(now)) {
		pr.Add(k, v)
	}
	// Consent fields shared by every purpose show beside the shared field.
	out := map[string]string{}
	for k, v := range pr {
		if haki.IntakeStep(k) > step {
			continue
		}
		if rest, ok := strings.CutPrefix(k, "consent."); ok {
			if purpose, field, ok := strings.Cut(rest, "."); ok && field != "decision" && slices.Contains(haki.ConsentPurposes, purpose) {
				k = "consent." + field
			}
		}
		if _, seen := out[k]; !seen {
			out[k] = v
		}
	}
	return out
}

// resolveStep does what a screen needs from the records before moving
// on: the client picked must be one the user may see, and typed incident
// references must name incidents. Problems go into errs.
func (s *Server) resolveStep(r *http.Request, p Page, d *intakeData, step int, errs map[string]string) error {
	ctx := r.Context()
	switch step {
	case 1:
		if d.ClientID != "" && !d.NewClient && (d.Client == nil || d.Client.ID != d.ClientID) {
			per, err := s.store.FindPersonByID(ctx, d.ClientID)
			if haki.ErrorCode(err) == haki.ENOTFOUND {
				d.ClientID, d.Client = "", nil
				errs["client_id"] = p.T("intake.error.no_person")
			} else if err != nil {
				return err
			} else {
				b := brief(per)
				d.Client = &b
			}
		}
	case 2:
		refs := strings.FieldsFunc(d.AddRefs, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\r' || r == ';' })
		for _, ref := range refs {
			inc, err := s.store.FindIncidentByRef(ctx, ref)
			if haki.ErrorCode(err) == haki.ENOTFOUND {
				errs["incident_refs"] = p.T("case.error.no_incident", ref)
				continue
			} else if err != nil {
				return err
			}
			if !slices.ContainsFunc(d.Incidents, func(b incidentBrief) bool { return b.ID == inc.ID }) {
				d.Incidents = append(d.Incidents, incidentBrief{ID: inc.ID, Ref: inc.Ref, Title: inc.Title})
			}
		}
		if errs["incident_refs"] == "" {
			d.AddRefs = ""
		}
	}
	return nil
}

func brief(p *haki.Person) personBrief {
	b := personBrief{ID: p.ID, Ref: p.Ref, Name: p.FullName, CountyCode: p.CountyCode}
	if y := p.BirthDate.Year(); y != 0 {
		b.BirthYear = p.BirthDate.ISO()[:4]
	}
	return b
}

// victimIncidents are the incidents, among those the user may see, the
// client is a victim in and the intake does not hold yet, once each.
func (s *Server) victimIncidents(r *http.Request, d *intakeData) ([]haki.PersonIncident, error) {
	rec, err := s.store.FindPersonRecords(r.Context(), d.ClientID)
	if haki.ErrorCode(err) == haki.ENOTFOUND {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	var out []haki.PersonIncident
	for _, pi := range rec.Incidents {
		held := slices.ContainsFunc(d.Incidents, func(b incidentBrief) bool { return b.ID == pi.IncidentID })
		if pi.Role == "victim" && !held && !slices.ContainsFunc(out, func(o haki.PersonIncident) bool { return o.IncidentID == pi.IncidentID }) {
			out = append(out, pi)
		}
	}
	return out, nil
}
