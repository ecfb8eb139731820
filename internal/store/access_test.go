package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// world is a small organisation: two teams, one account per role, and
// cases that exercise every visibility rule.
type world struct {
	admin, dm, cwA, cwA2, cwB, prof, mon, res, view *haki.User
	caseA, caseASensitive, caseB, caseProf          *haki.Case
	incA, incSensitive, incB, incMon                *haki.Incident
	clientA, clientSensitive, clientB, monVictim    *haki.Person
}

func newWorld(t *testing.T, s *store.Store) *world {
	t.Helper()
	teamA, teamB := storetest.MustTeam(t, s, "A"), storetest.MustTeam(t, s, "B")
	w := &world{
		admin: storetest.MustUser(t, s, "admin", haki.RoleAdmin, ""),
		dm:    storetest.MustUser(t, s, "dm", haki.RoleDataManager, ""),
		cwA:   storetest.MustUser(t, s, "cwa", haki.RoleCaseworker, teamA.ID),
		cwA2:  storetest.MustUser(t, s, "cwa2", haki.RoleCaseworker, teamA.ID),
		cwB:   storetest.MustUser(t, s, "cwb", haki.RoleCaseworker, teamB.ID),
		prof:  storetest.MustUser(t, s, "prof", haki.RoleProfessional, ""),
		mon:   storetest.MustUser(t, s, "mon", haki.RoleMonitor, ""),
		res:   storetest.MustUser(t, s, "res", haki.RoleResearcher, ""),
		view:  storetest.MustUser(t, s, "view", haki.RoleViewer, ""),
	}
	dm := storetest.As(w.dm)
	person := func(name string, ctx context.Context) *haki.Person {
		p := &haki.Person{FullName: name, Sex: "male", CountyCode: "KE-047"}
		if err := s.CreatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	incident := func(title string, ctx context.Context) *haki.Incident {
		inc := &haki.Incident{Title: title, Types: []string{"torture"}, Occurred: haki.MustFuzzyDate("2025-03-01"), CountyCode: "KE-047",
			Verification: "unverified", Narrative: "narrative " + title}
		if err := s.CreateIncident(ctx, inc); err != nil {
			t.Fatal(err)
		}
		return inc
	}
	kase := func(client *haki.Person, inc *haki.Incident, team *haki.Team, cw *haki.User, sensitive bool, assignees ...string) *haki.Case {
		c := &haki.Case{ClientID: client.ID, ClientRelation: "survivor", IncidentIDs: []string{inc.ID}, IntakeDate: time.Now().AddDate(0, 0, -3),
			IntakeChannel: "walk_in", Status: "active", CaseworkerID: cw.ID, TeamID: team.ID, Sensitive: sensitive, AssigneeIDs: assignees}
		if err := s.CreateCase(dm, c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	w.clientA, w.clientSensitive, w.clientB = person("Client A", dm), person("Client Sensitive", dm), person("Client B", dm)
	w.incA, w.incSensitive, w.incB = incident("A", dm), incident("Sensitive", dm), incident("B", dm)
	w.caseA = kase(w.clientA, w.incA, teamA, w.cwA, false)
	w.caseASensitive = kase(w.clientSensitive, w.incSensitive, teamA, w.cwA, true)
	w.caseB = kase(w.clientB, w.incB, teamB, w.cwB, false, w.prof.ID)
	w.incMon = incident("Monitor's", storetest.As(w.mon))
	w.monVictim = person("Monitor's victim", storetest.As(w.mon))
	if err := s.CreateAct(storetest.As(w.mon), &haki.Act{IncidentID: w.incMon.ID, VictimID: w.monVictim.ID, ActType: "torture", VictimStatus: "injured"}); err != nil {
		t.Fatal(err)
	}
	return w
}

func TestVisibility(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		type check struct {
			who     *haki.User
			find    func(ctx context.Context) error
			visible bool
		}
		findCase := func(c *haki.Case) func(context.Context) error {
			return func(ctx context.Context) error { _, err := s.FindCaseByID(ctx, c.ID); return err }
		}
		findInc := func(i *haki.Incident) func(context.Context) error {
			return func(ctx context.Context) error { _, err := s.FindIncidentByID(ctx, i.ID); return err }
		}
		findPerson := func(p *haki.Person) func(context.Context) error {
			return func(ctx context.Context) error { _, err := s.FindPersonByID(ctx, p.ID); return err }
		}
		checks := map[string]check{
			"dm sees sensitive case":                       {w.dm, findCase(w.caseASensitive), true},
			"caseworker sees own team's case":              {w.cwA2, findCase(w.caseA), true},
			"caseworker of team A misses team B's case":    {w.cwA, findCase(w.caseB), false},
			"teammate misses unassigned sensitive case":    {w.cwA2, findCase(w.caseASensitive), false},
			"assigned caseworker sees sensitive case":      {w.cwA, findCase(w.caseASensitive), true},
			"professional sees assigned case":              {w.prof, findCase(w.caseB), true},
			"professional misses unassigned case":          {w.prof, findCase(w.caseA), false},
			"researcher misses cases":                      {w.res, findCase(w.caseA), false},
			"viewer misses cases":                          {w.view, findCase(w.caseA), false},
			"teammate misses sensitive case's incident":    {w.cwA2, findInc(w.incSensitive), false},
			"teammate misses sensitive case's client":      {w.cwA2, findPerson(w.clientSensitive), false},
			"caseworker sees other incidents":              {w.cwB, findInc(w.incA), true},
			"professional sees assigned case's incident":   {w.prof, findInc(w.incB), true},
			"professional misses other incidents":          {w.prof, findInc(w.incA), false},
			"professional sees assigned case's client":     {w.prof, findPerson(w.clientB), true},
			"professional misses other persons":            {w.prof, findPerson(w.clientA), false},
			"monitor sees own submission":                  {w.mon, findInc(w.incMon), true},
			"monitor misses others' incidents":             {w.mon, findInc(w.incA), false},
			"monitor sees victim in own submission":        {w.mon, findPerson(w.monVictim), true},
			"monitor misses other persons":                 {w.mon, findPerson(w.clientA), false},
			"researcher sees incidents (redacted)":         {w.res, findInc(w.incA), true},
			"researcher gets not found for a person":       {w.res, findPerson(w.clientA), false},
			"viewer gets not found for an incident":        {w.view, findInc(w.incA), false},
			"viewer gets not found for a person":           {w.view, findPerson(w.clientA), false},
			"anonymous is refused":                         {nil, findInc(w.incA), false},
			"admin sees the sensitive client":              {w.admin, findPerson(w.clientSensitive), true},
			"caseworker of another team sees other client": {w.cwB, findPerson(w.clientA), true},
		}
		for name, c := range checks {
			t.Run(name, func(t *testing.T) {
				ctx := context.Background()
				if c.who != nil {
					ctx = storetest.As(c.who)
				}
				err := c.find(ctx)
				if c.visible && err != nil {
					t.Fatalf("want visible, got %v", err)
				}
				if !c.visible {
					want := haki.ENOTFOUND
					if c.who == nil {
						want = haki.EUNAUTHORIZED
					}
					if haki.ErrorCode(err) != want {
						t.Fatalf("want %s, got %v", want, err)
					}
				}
			})
		}
	})
}

func TestListsHideWhatCallerMayNotSee(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		cases, _, err := s.FindCases(storetest.As(w.cwA2), haki.CaseFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cases {
			if c.ID == w.caseASensitive.ID || c.ID == w.caseB.ID {
				t.Errorf("teammate's case list includes %s", c.Ref)
			}
		}
		if len(cases) != 1 {
			t.Errorf("teammate sees %d cases, want 1", len(cases))
		}
		incs, _, err := s.FindIncidents(storetest.As(w.cwA2), haki.IncidentFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, inc := range incs {
			if inc.ID == w.incSensitive.ID {
				t.Error("teammate's incident list includes the sensitive case's incident")
			}
		}
		// A search by the hidden client's name finds nothing.
		persons, _, err := s.FindPersons(storetest.As(w.cwA2), haki.PersonFilter{Text: "Sensitive"})
		if err != nil || len(persons) != 0 {
			t.Errorf("search found %d hidden persons, %v", len(persons), err)
		}
		// The researcher's list has no titles or narratives.
		incs, _, err = s.FindIncidents(storetest.As(w.res), haki.IncidentFilter{})
		if err != nil || len(incs) != 4 {
			t.Fatalf("researcher list: %d, %v", len(incs), err)
		}
		for _, inc := range incs {
			if inc.Title != "" || inc.Narrative != "" || !inc.Redacted {
				t.Errorf("researcher sees %q / %q", inc.Title, inc.Narrative)
			}
		}
		// Searching by a title word does not reveal titles to a researcher.
		incs, _, _ = s.FindIncidents(storetest.As(w.res), haki.IncidentFilter{Text: "Sensitive"})
		if len(incs) != 0 {
			t.Errorf("researcher's title search matched %d", len(incs))
		}
		// Aggregates count everything, the sensitive case's incident included.
		if n, err := s.CountIncidents(storetest.As(w.view), haki.IncidentFilter{}); err != nil || n != 4 {
			t.Errorf("viewer's count = %d, %v; want 4", n, err)
		}
		// Roles without the permission are refused lists outright.
		if _, _, err := s.FindPersons(storetest.As(w.res), haki.PersonFilter{}); haki.ErrorCode(err) != haki.EFORBIDDEN {
			t.Errorf("researcher person list: %v", err)
		}
		if _, _, err := s.FindCases(storetest.As(w.mon), haki.CaseFilter{}); haki.ErrorCode(err) != haki.EFORBIDDEN {
			t.Errorf("monitor case list: %v", err)
		}
	})
}

func TestWritesRespectVisibility(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		// A monitor cannot add an act to someone else's incident.
		err := s.CreateAct(storetest.As(w.mon), &haki.Act{IncidentID: w.incA.ID, VictimID: w.monVictim.ID, ActType: "torture", VictimStatus: "injured"})
		if haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Errorf("monitor act on other incident: %v", err)
		}
		// A caseworker cannot update another team's case, even knowing its id.
		c := *w.caseB
		c.Summary = "changed"
		if err := s.UpdateCase(storetest.As(w.cwA), &c); haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Errorf("cross-team update: %v", err)
		}
		// A professional may not write cases at all.
		if err := s.UpdateCase(storetest.As(w.prof), w.caseB); haki.ErrorCode(err) != haki.EFORBIDDEN {
			t.Errorf("professional update: %v", err)
		}
		// A case cannot link an incident its author may not see.
		bad := &haki.Case{ClientID: w.clientA.ID, ClientRelation: "survivor", IncidentIDs: []string{w.incSensitive.ID}, IntakeDate: time.Now(),
			IntakeChannel: "walk_in", Status: "intake"}
		if err := s.CreateCase(storetest.As(w.cwA2), bad); haki.ErrorFields(err)["incident_ids"] == "" {
			t.Errorf("linking a hidden incident: %v", err)
		}
	})
}
