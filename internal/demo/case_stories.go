package demo

import (
	"context"
	"time"

	"github.com/haki-kenya/haki"
)

// StoryStore is what the demo's published case stories are made through:
// the store's own calls, so that every rule of publication applies.
type StoryStore interface {
	CreatePerson(ctx context.Context, p *haki.Person) error
	CreateCase(ctx context.Context, c *haki.Case) error
	RecordConsent(ctx context.Context, c *haki.Consent) error
	CreateStory(ctx context.Context, st *haki.Story) error
	PublishStory(ctx context.Context, caseID, storyID string, version int) (*haki.Story, error)
}

// demoStory is one published story of the demo. Every person and event in
// it is invented for the demonstration; none is a real person.
type demoStory struct {
	client, sex, title, body string
	monthsAgo                int
}

var demoStories = []demoStory{
	{"Demo Story Client One", "male", "Walking to work again",
		"He was beaten in a police cell for two nights and could not stand for weeks. With physiotherapy and counselling he walks to his workshop again, and he has told his story so that others know help exists.\n\n(Invented demonstration story.)", 3},
	{"Demo Story Client Two", "female", "A mother's search for answers",
		"When her son did not come home, she went from station to station for a month. With a lawyer beside her she filed a complaint, and an inquest was opened. She wants other families to know they do not have to search alone.\n\n(Invented demonstration story.)", 6},
	{"Demo Story Client Three", "female", "Learning to sleep again",
		"After her arrest at a demonstration she could not sleep for months. Group therapy with other survivors gave her back her nights, and she now volunteers to welcome new members of the group.\n\n(Invented demonstration story.)", 9},
}

// Stories writes a few invented case stories and publishes them on the
// public portal, as the data manager dm, each with its client's
// publication consent given. It returns how many were published.
func Stories(ctx context.Context, st StoryStore, dm *haki.User, now time.Time) (int, error) {
	ctx = haki.NewContextWithUser(ctx, dm)
	today := haki.Today(now)
	n := 0
	for _, s := range demoStories {
		day := today.AddDate(0, -s.monthsAgo, 0)
		p := &haki.Person{FullName: s.client, Sex: s.sex}
		if err := st.CreatePerson(ctx, p); err != nil {
			return n, err
		}
		c := &haki.Case{ClientID: p.ID, ClientRelation: "survivor", IntakeDate: day, IntakeChannel: "walk_in", Status: "active"}
		if err := st.CreateCase(ctx, c); err != nil {
			return n, err
		}
		if err := st.RecordConsent(ctx, &haki.Consent{CaseID: c.ID, Purpose: haki.ConsentPublication, Decision: "given",
			DecidedOn: day.AddDate(0, 1, 0), Method: "signed_form", Language: "sw"}); err != nil {
			return n, err
		}
		story := &haki.Story{CaseID: c.ID, Title: s.title, Body: s.body}
		if err := st.CreateStory(ctx, story); err != nil {
			return n, err
		}
		if _, err := st.PublishStory(ctx, c.ID, story.ID, story.Version); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
