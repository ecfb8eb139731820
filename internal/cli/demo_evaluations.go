package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
)

// demoKeepOpen are the professionals the demo leaves without a second
// factor: the printed login (a doctor of the directory), with which a
// visitor opens an evaluation and goes the whole way to a signature,
// setting one up as the page asks, and the browser tests' doctor.
var demoKeepOpen = map[string]bool{"professional": true, "professional2": true}

// demoEvaluation is one invented evaluation; nothing in it is a real person.
type demoEvaluation struct {
	kind, account, detention, acute, chronic, mental, diagnoses, interpretation, overall string
	findings                                                                             []*haki.Finding
	phq9                                                                                 map[string]int
	addendum                                                                             string
}

var demoEvaluations = []demoEvaluation{
	{kind: "both",
		account:   "States that officers arrested him at a roadblock, beat him with batons on the back and the soles of the feet at the station, and held him for two nights without food. (Invented demonstration account.)",
		detention: "A crowded cell without light or a latrine; no water the first night.",
		acute:     "Pain across the back and both feet; could not walk for four days.",
		chronic:   "Pain on walking more than a kilometre; wakes at night.",
		mental:    "Alert and oriented; low mood; startles at the sound of vehicles.",
		diagnoses: "Post-traumatic stress symptoms; moderate depression (PHQ-9).",
		interpretation: "The pattern of parallel linear bruises on the back and the tenderness of both soles correspond closely to the beating described; " +
			"the psychological findings are those commonly seen after such treatment.",
		overall: "highly_consistent",
		findings: []*haki.Finding{
			{Kind: "physical", View: "back", X: 0.5, Y: 0.36, Region: "upper_back", LesionType: "bruise",
				Description: "Two parallel linear bruises with a pale centre (tramline pattern) across the upper back.", Size: "14 x 3 cm",
				Colour: "yellow-green", EstimatedAge: "7 to 10 days", AllegedMethod: "beating", Opinion: "typical"},
			{Kind: "physical", View: "feet", X: 0.72, Y: 0.3, Region: "sole_left", LesionType: "tenderness",
				Description: "Tenderness and swelling of the left sole on pressure.", AllegedMethod: "beating", Opinion: "consistent"},
			{Kind: "psychological", Description: "Nightmares, avoidance of the town centre, startle response.", AllegedMethod: "beating",
				Opinion: "highly_consistent"},
		},
		phq9:     map[string]int{"q1": 2, "q2": 2, "q3": 2, "q4": 1, "q5": 1, "q6": 2, "q7": 1, "q8": 1, "q9": 0},
		addendum: "The X-ray of the left foot taken after the examination shows no fracture; the opinion on finding 2 stands.",
	},
	{kind: "physical",
		account: "States that she was pushed to the ground during a protest, struck with a rifle butt on the left forearm and kicked. (Invented demonstration account.)",
		acute:   "Swelling and pain of the left forearm.",
		interpretation: "The abrasion and the bruise of the left forearm could have been caused as described; such injuries have other possible causes, " +
			"and no patterned mark was seen.",
		overall: "consistent",
		findings: []*haki.Finding{
			{Kind: "physical", View: "front", X: 0.2, Y: 0.45, Region: "forearm_left", LesionType: "abrasion",
				Description: "Healing abrasion of the back of the left forearm.", Size: "4 x 2 cm", Colour: "brown scab", EstimatedAge: "about 2 weeks",
				AllegedMethod: "beating", Opinion: "consistent"},
		},
	},
}

// demoEvaluations has the demo's evaluator examine some of the clients of
// their cases and sign, through the store's own calls: they set up a second
// factor as the account page does, and each signature takes a fresh code
// at the store's clock, moved to the day of each step.
func (m *Main) demoEvaluations(ctx context.Context, s *store.Store, password string, now time.Time) error {
	users, err := s.FindUsers(haki.SystemContext(ctx))
	if err != nil {
		return err
	}
	doc, cases, err := demoClinician(ctx, s, users)
	if err != nil || doc == nil {
		if err == nil {
			fmt.Fprintln(m.Stdout, "Medico-legal evaluations: no network clinician of the demo has a case; none made.")
		}
		return err
	}
	as := haki.NewContextWithUser(ctx, doc)
	clock := s.Now
	defer func() { s.Now = clock }()
	at := now.Add(-30 * 24 * time.Hour)
	tick := func(d time.Duration) time.Time {
		at = at.Add(d)
		t := at
		s.Now = func() time.Time { return t }
		return t
	}
	code := func(secret string) string {
		c, _ := totp.GenerateCodeCustom(secret, tick(time.Minute), totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
		return c
	}
	tick(0)
	en, err := s.BeginTOTPEnrolment(as, store.AccountProof{Password: password})
	if err != nil {
		return fmt.Errorf("demo evaluations: second factor: %w", err)
	}
	if _, err := s.ConfirmTOTP(as, code(en.Secret)); err != nil {
		return fmt.Errorf("demo evaluations: second factor: %w", err)
	}
	n := 0
	for i, c := range cases {
		d := demoEvaluations[i]
		e := &haki.Evaluation{CaseID: c.ID, Kind: d.kind, ExaminedOn: haki.Today(tick(24 * time.Hour)),
			EvaluationContent: haki.EvaluationContent{Place: "Nairobi clinic of the organisation", ExamConsent: "given",
				ExamConsentMethod: "signed_form", Uses: []string{haki.ConsentCare, haki.ConsentLitigation}, Account: d.account,
				Detention: d.detention, Methods: []string{"beating"}, AcuteSymptoms: d.acute, ChronicSymptoms: d.chronic,
				MentalState: d.mental, Diagnoses: d.diagnoses, Findings: d.findings, Interpretation: d.interpretation,
				OverallLevel: d.overall, Limitations: "Examined once, about a week after the events; no imaging at the time.",
				RecTreatment: "Physiotherapy; trauma-focused counselling.", RecProtection: "Safety planning with the caseworker."}}
		if d.phq9 != nil {
			e.Instruments = []haki.InstrumentResult{{Code: "phq9", Answers: d.phq9}}
		}
		if err := s.CreateEvaluation(as, e); err != nil {
			return fmt.Errorf("demo evaluation: %w", err)
		}
		if _, err := s.SignEvaluation(as, e.ID, e.Version, store.AccountProof{Code: code(en.Secret)}); err != nil {
			return fmt.Errorf("demo evaluation: sign: %w", err)
		}
		if d.addendum != "" {
			tick(48 * time.Hour)
			a := &haki.Addendum{Reason: "Result of the X-ray requested", Text: d.addendum}
			if err := s.AddAddendum(as, e.ID, a, store.AccountProof{Code: code(en.Secret)}); err != nil {
				return fmt.Errorf("demo evaluation: addendum: %w", err)
			}
		}
		n++
	}
	fmt.Fprintf(m.Stdout, "Medico-legal evaluations: %d signed by the network clinician %s on their cases; the printed professional login can open and sign new ones.\n", n, doc.Username)
	return nil
}

// demoClinician finds a doctor of the directory, other than those kept
// open, and has the data manager assign them to active cases (at most as
// many as there are invented evaluations), as a referral for examination
// would.
func demoClinician(ctx context.Context, s *store.Store, users []*haki.User) (*haki.User, []*haki.Case, error) {
	var dm, doc *haki.User
	for _, u := range users {
		if u.Role == haki.RoleDataManager && dm == nil {
			dm = u
		}
		if u.Role != haki.RoleProfessional || demoKeepOpen[u.Username] || doc != nil {
			continue
		}
		p, err := s.FindMyProfessional(haki.NewContextWithUser(ctx, u))
		if haki.ErrorCode(err) == haki.ENOTFOUND {
			continue
		} else if err != nil {
			return nil, nil, err
		}
		if p.Profession == "doctor" {
			doc = u
		}
	}
	if dm == nil || doc == nil {
		return nil, nil, nil
	}
	asDM := haki.NewContextWithUser(ctx, dm)
	list, _, err := s.FindCases(asDM, haki.CaseFilter{Status: "active", Limit: 50})
	if err != nil {
		return nil, nil, err
	}
	var cases []*haki.Case
	for _, c := range list {
		if len(cases) == len(demoEvaluations) {
			break
		}
		c, err := s.FindCaseByID(asDM, c.ID)
		if err != nil {
			return nil, nil, err
		}
		if c.Sensitive || len(c.IncidentIDs) == 0 {
			continue
		}
		c.AssigneeIDs = append(c.AssigneeIDs, doc.ID)
		if err := s.UpdateCase(asDM, c); err != nil {
			return nil, nil, err
		}
		cases = append(cases, c)
	}
	return doc, cases, nil
}
