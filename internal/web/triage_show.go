package web

import (
	"net/http"
	"strconv"
	"strings"
	"unicode"

	"github.com/haki-kenya/haki"
)

// triageShowPage is one report from the public opened for triage: what the
// reporter said, the reporter's wishes, the notes and contact log, the
// duplicates suggested, and the forms that move it along.
type triageShowPage struct {
	Page
	Vocab      Vocab
	Counties   places
	SubCounty  string
	File       *haki.PublicReportFile
	Report     *haki.PublicReport
	Duplicates []haki.DuplicateSuggestion
	Colleagues []*haki.User
	// Media are the files sent with the report: each original, and the
	// copy without location metadata staff look at (nil when none could
	// be made).
	Media []*haki.ReportMedia
	// Contact is the contact-log form; Verify the verification form,
	// prefilled from the report or as typed.
	Contact haki.ReportContact
	Verify  verifyForm
	// Section names the form whose problems are shown ("verify",
	// "status", "note", "contact"); its values are as typed.
	Section             string
	Reason, DupOf, Note string
}

// triageVocabs are the vocabularies the report's page labels.
var triageVocabs = []string{"report_status", "alert_kind", "incident_type", "sex", "service", "source_kind", "reliability",
	"act_type", "method", "victim_status", "client_relation", "verification"}

// triageShow opens a report: an identity read, audited by the store.
func (s *Server) triageShow(w http.ResponseWriter, r *http.Request) error {
	p, err := s.triagePage(w, r)
	if err != nil {
		return err
	}
	p.Verify = prefillVerify(p.Report, p.Vocab, p.Counties)
	return s.render(w, r, http.StatusOK, "triage_show", p)
}

// triagePage reads everything a report's page shows.
func (s *Server) triagePage(w http.ResponseWriter, r *http.Request) (*triageShowPage, error) {
	ctx := r.Context()
	f, err := s.store.FindPublicReport(ctx, r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	p := &triageShowPage{Page: s.page(w, r, "triage.show.title"), File: f, Report: f.Report}
	p.Title = f.Report.Ref
	p.Contact = haki.ReportContact{Method: f.Report.Contact.Method}
	if p.Vocab, err = s.vocab(ctx, p.Lang, triageVocabs...); err != nil {
		return nil, err
	}
	if p.Counties, err = s.counties(ctx); err != nil {
		return nil, err
	}
	if code := f.Report.SubCountyCode; code != "" {
		subs, err := s.store.FindPlaces(ctx, country, 2, f.Report.CountyCode)
		if err != nil {
			return nil, err
		}
		p.SubCounty = places(subs).Name(code)
	}
	if p.Media, err = s.evidence.FindPublicReportMedia(ctx, f.Report.ID); err != nil {
		return nil, err
	}
	dups, err := s.store.PublicReportDuplicates(ctx, f.Report.ID)
	if err != nil {
		return nil, err
	}
	for _, d := range dups { // not the incident it became or repeats
		if d.ID != f.Report.IncidentID && d.ID != f.Report.DuplicateOf {
			p.Duplicates = append(p.Duplicates, d)
		}
	}
	users, err := s.store.FindUsers(ctx)
	if err != nil {
		return nil, err
	}
	for _, u := range users {
		if u.Can(haki.PermTriage) {
			p.Colleagues = append(p.Colleagues, u)
		}
	}
	return p, nil
}

// CanVerify reports whether the report may still be verified by this reader.
func (p *triageShowPage) CanVerify() bool {
	return p.Can(string(haki.PermVerify)) && p.Report.Status != "verified"
}

// Open reports whether triage may still change the report's status.
func (p *triageShowPage) Open() bool { return p.Report.Status != "verified" }

// verifyForm is the verification form: a new incident (Mode "new") or a
// further source of one in the records (Mode "source"), the victims, the
// report as a source, and a case for whoever wants help.
type verifyForm struct {
	Mode                                              string
	IncidentRef                                       string
	Title, Occurred, CountyCode, PlaceName, Narrative string
	Types                                             []string
	Victims                                           []victimRow
	SourceKind, Reliability                           string
	OpenCase                                          bool
	CaseClient, ClientRelation                        string
	ThreatLevel, ContactMethod                        string
	SafeToCall, SafeToText                            bool
	Needs                                             []string
	Version                                           int
	// Others are problems with no field of their own on the form.
	Others []string
}

// victimRow is one victim on the form: recorded (Include), as a new person
// (Name, Sex, Age) or one in the records (PersonRef), with their act.
type victimRow struct {
	Index                   int
	Include                 bool
	Name, Sex, Age          string
	PersonRef               string
	ActType, Method, Status string
}

// Field names the form field of a victim row.
func (v victimRow) Field(name string) string { return "v" + strconv.Itoa(v.Index) + "_" + name }

// fateStatus is the victim status a reported fate suggests.
var fateStatus = map[string]string{"killed": "killed", "injured": "injured", "missing": "missing", "detained": "detained"}

// fateAct is the act a reported fate, or what the alert said, suggests.
var fateAct = map[string]string{"killed": "killing", "shot": "killing", "injured": "ill_treatment", "beaten": "ill_treatment",
	"missing": "disappearance", "taken": "arbitrary_detention", "detained": "arbitrary_detention"}

// whatType is the incident type what an alert said suggests.
var whatType = map[string]string{"taken": "arbitrary_arrest", "beaten": "torture", "shot": "extrajudicial_execution",
	"missing": "enforced_disappearance", "killed": "extrajudicial_execution"}

// contactAssessment is the assessment's way of contact the reporter's
// wishes suggest.
var contactAssessment = map[string]string{"none": "no_contact", "call": "phone", "sms": "sms", "whatsapp": "sms", "email": "email"}

// prefillVerify fills the verification form from the report.
func prefillVerify(r *haki.PublicReport, vocab Vocab, counties places) verifyForm {
	v := verifyForm{Mode: "new", Types: r.Types, Occurred: r.Occurred.String(), CountyCode: r.CountyCode, PlaceName: r.PlaceName,
		Narrative: r.Account, SourceKind: "public_report", OpenCase: r.WantsHelp, ClientRelation: "survivor",
		ContactMethod: contactAssessment[r.Contact.Method], SafeToCall: r.Contact.Method == "call",
		SafeToText: r.Contact.Method == "sms" || r.Contact.Method == "whatsapp", Version: r.Version}
	if len(v.Types) == 0 && whatType[r.What] != "" {
		v.Types = []string{whatType[r.What]}
	}
	what := r.What
	if what == "" {
		what = "other"
	}
	v.Title = vocab.Label("alert_kind", what)
	if r.CountyCode != "" {
		v.Title += ", " + counties.Name(r.CountyCode)
	}
	for i, h := range r.Harmed {
		act := fateAct[h.Fate]
		if act == "" {
			act = fateAct[r.What]
		}
		v.Victims = append(v.Victims, victimRow{Index: i, Include: true, Name: h.Name, Sex: h.Sex, Age: firstNumber(h.Age),
			ActType: act, Status: fateStatus[h.Fate]})
	}
	v.Victims = append(v.Victims, victimRow{Index: len(r.Harmed)})
	if len(r.Harmed) > 0 {
		v.CaseClient = "1"
	}
	return v
}

// firstNumber is the first whole number in free text ("about 30" gives
// "30"), or "".
func firstNumber(s string) string {
	start := strings.IndexFunc(s, unicode.IsDigit)
	if start < 0 {
		return ""
	}
	end := strings.IndexFunc(s[start:], func(r rune) bool { return !unicode.IsDigit(r) })
	if end < 0 {
		return s[start:]
	}
	return s[start : start+end]
}

// Lists the verification form offers.
func (p *triageShowPage) ThreatLevels() []string   { return haki.ThreatLevels }
func (p *triageShowPage) ContactMethods() []string { return haki.ContactMethods }
func (p *triageShowPage) Needs() []string          { return haki.Needs }
func (p *triageShowPage) Outcomes() []string       { return haki.ReportContactOutcomes }

// Number is the row's number as people count, from 1.
func (v victimRow) Number() int { return v.Index + 1 }
