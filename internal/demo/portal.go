package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/haki-kenya/haki"
)

// PortalStore is what the demo's published incidents are made through: the
// store's own calls, so that every rule of publication applies.
type PortalStore interface {
	CreateIncident(ctx context.Context, inc *haki.Incident) error
	UpdateIncident(ctx context.Context, inc *haki.Incident) error
	FindIncidentByID(ctx context.Context, id string) (*haki.Incident, error)
	CreatePerson(ctx context.Context, p *haki.Person) error
	CreateAct(ctx context.Context, a *haki.Act) error
	CreateCase(ctx context.Context, c *haki.Case) error
	RecordConsent(ctx context.Context, c *haki.Consent) error
	SetPublication(ctx context.Context, pub *haki.Publication) error
}

// portalStory is one published incident of the demo. Every name is
// invented for the demonstration; none is a real person.
type portalStory struct {
	county, kind, name, sex string
	age, monthsAgo          int
	client                  bool // the victim's family has a case and consented
	showAge                 bool
	summary                 string
}

var portalStories = []portalStory{
	{"KE-047", "extrajudicial_execution", "Demo Baraka Wanjohi", "male", 24, 2, true, true,
		"A young man was shot dead by officers on patrol near a market. His family has asked that his name be known. (Invented demonstration record.)"},
	{"KE-001", "death_in_custody", "Demo Halima Said", "female", 0, 5, true, false,
		"A woman died in a police cell hours after her arrest. Her family agreed to publish her name. (Invented demonstration record.)"},
	{"KE-042", "extrajudicial_execution", "Demo Kiprono Chebet", "male", 31, 8, false, true,
		"A motorcycle taxi rider was shot at a roadblock; the killing was reported in the press. (Invented demonstration record.)"},
	{"KE-022", "enforced_disappearance", "Demo Mwikali Nduku", "female", 19, 11, true, false,
		"A student was taken by men who said they were police and has not been seen since. (Invented demonstration record.)"},
	{"KE-047", "extrajudicial_execution", "", "male", 0, 14, true, false,
		"Two brothers were shot in their home during a night operation. Their family did not wish their names published. (Invented demonstration record.)"},
}

// Portal publishes a handful of invented incidents on the public portal,
// as the data manager dm, so that /portal is not empty in a demo. It
// returns how many were published.
func Portal(ctx context.Context, st PortalStore, dm *haki.User, now time.Time) (int, error) {
	ctx = haki.NewContextWithUser(ctx, dm)
	today := haki.Today(now)
	n := 0
	for i, s := range portalStories {
		day := today.AddDate(0, -s.monthsAgo, -i)
		inc := &haki.Incident{Title: "Demo published incident " + fmt.Sprint(i+1), Types: []string{s.kind},
			Occurred: haki.FuzzyDate{Date: day, Precision: haki.PrecisionDay}, CountyCode: s.county, Context: "anti_crime",
			Verification: "verified", Narrative: s.summary}
		if err := st.CreateIncident(ctx, inc); err != nil {
			return n, err
		}
		name := s.name
		if name == "" {
			name = "Demo Unnamed Victim"
		}
		p := &haki.Person{FullName: name, Sex: s.sex}
		if err := st.CreatePerson(ctx, p); err != nil {
			return n, err
		}
		act := &haki.Act{IncidentID: inc.ID, VictimID: p.ID, ActType: "killing", Method: "shooting", VictimStatus: "killed"}
		if s.kind == "enforced_disappearance" {
			act.ActType, act.Method, act.VictimStatus = "disappearance", "", "missing"
		}
		if s.age > 0 {
			act.VictimAge = &s.age
		}
		if err := st.CreateAct(ctx, act); err != nil {
			return n, err
		}
		pub := &haki.Publication{IncidentID: inc.ID, Summary: s.summary}
		v := haki.PublishedVictim{PersonID: p.ID, ShowName: s.name != "", ShowAge: s.showAge}
		if s.client {
			// The client is the victim's parent, who consents for the family.
			parent := &haki.Person{FullName: name + " (parent)", Sex: "female"}
			if err := st.CreatePerson(ctx, parent); err != nil {
				return n, err
			}
			c := &haki.Case{ClientID: parent.ID, ClientRelation: "parent", IncidentIDs: []string{inc.ID}, IntakeDate: day.AddDate(0, 0, 7),
				IntakeChannel: "walk_in", Status: "active"}
			if err := st.CreateCase(ctx, c); err != nil {
				return n, err
			}
			if err := st.RecordConsent(ctx, &haki.Consent{CaseID: c.ID, Purpose: haki.ConsentPublication, Decision: "given",
				DecidedOn: day.AddDate(0, 0, 10), Method: "signed_form", Language: "sw"}); err != nil {
				return n, err
			}
		} else {
			v.PublicSource = "Demo Daily (an invented newspaper), " + day.AddDate(0, 0, 1).Format("2 January 2006")
		}
		pub.Victims = []haki.PublishedVictim{v}
		found, err := st.FindIncidentByID(ctx, inc.ID)
		if err != nil {
			return n, err
		}
		found.Publishable = true
		if err := st.UpdateIncident(ctx, found); err != nil {
			return n, err
		}
		if err := st.SetPublication(ctx, pub); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
