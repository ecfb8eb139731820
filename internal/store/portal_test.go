package store_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// portalWorld is an incident with two victims: Amani Wekesa, aged 27, the
// client of a case linked to it, whose family agreed to publish her name
// but not her age; and Juma Chege, aged 31, nobody's client, named in the
// press.
type portalWorld struct {
	dm, admin, cw, monitor context.Context
	inc                    *haki.Incident
	client, stranger       *haki.Person
	clientCase             *haki.Case
}

func newPortalWorld(t *testing.T, s *store.Store) *portalWorld {
	t.Helper()
	w := &portalWorld{
		dm:      storetest.As(storetest.MustUser(t, s, "dm", haki.RoleDataManager, "")),
		admin:   storetest.As(storetest.MustUser(t, s, "admin", haki.RoleAdmin, "")),
		cw:      storetest.As(storetest.MustUser(t, s, "cw", haki.RoleCaseworker, "")),
		monitor: storetest.As(storetest.MustUser(t, s, "monitor", haki.RoleMonitor, "")),
	}
	w.inc = &haki.Incident{Title: "Secret title Kayole", Types: []string{"extrajudicial_execution"}, Occurred: haki.MustFuzzyDate("2024-05-02"),
		CountyCode: "KE-047", Context: "anti_crime", Verification: "unverified", Narrative: "Secret narrative of the shooting"}
	if err := s.CreateIncident(w.dm, w.inc); err != nil {
		t.Fatal(err)
	}
	w.client = mustPrivacyPerson(t, s, w.dm, "Amani Wekesa", "female")
	w.stranger = mustPrivacyPerson(t, s, w.dm, "Juma Chege", "male")
	for _, v := range []struct {
		p   *haki.Person
		age int
	}{{w.client, 27}, {w.stranger, 31}} {
		a := &haki.Act{IncidentID: w.inc.ID, VictimID: v.p.ID, ActType: "killing", Method: "shooting", VictimStatus: "killed", VictimAge: &v.age}
		if err := s.CreateAct(w.dm, a); err != nil {
			t.Fatal(err)
		}
	}
	w.clientCase = mustClientCase(t, s, w.dm, w.client, w.inc, "active")
	return w
}

func (w *portalWorld) setIncident(t *testing.T, s *store.Store, verification string, publishable bool) error {
	t.Helper()
	inc, err := s.FindIncidentByID(w.dm, w.inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	inc.Verification, inc.Publishable = verification, publishable
	return s.UpdateIncident(w.dm, inc)
}

func (w *portalWorld) consent(t *testing.T, s *store.Store, decision string, daysAgo int) {
	t.Helper()
	c := consent(w.clientCase.ID, haki.ConsentPublication, decision, haki.Today(s.Now()).AddDate(0, 0, -daysAgo))
	if err := s.RecordConsent(w.dm, c); err != nil {
		t.Fatal(err)
	}
}

// portalAnswers is everything the portal gives for the world: the list and
// the one incident by reference (empty when not shown), as JSON.
func portalAnswers(t *testing.T, s *store.Store, ref string) (list []haki.PortalIncident, one *haki.PortalIncident, all string) {
	t.Helper()
	ctx := context.Background() // the public: nobody signed in
	list, _, err := s.PortalIncidents(ctx, haki.PortalQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if ref != "" {
		one, err = s.PortalIncident(ctx, ref)
		if err != nil && haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Fatal(err)
		}
		if (one == nil) != (len(list) == 0) {
			t.Errorf("list has %d, one by ref %v", len(list), one)
		}
	}
	b, _ := json.Marshal([]any{list, one})
	return list, one, string(b)
}

// TestPortalShowsOnlyWhatWasAgreed: an incident appears on the portal only
// once it is verified AND publishable AND has publication details AND its
// client's consent is given, leaves it at once when any of them goes, and
// never shows a name, age or field that was not agreed.
func TestPortalShowsOnlyWhatWasAgreed(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newPortalWorld(t, s)
		pub := func() *haki.Publication {
			return &haki.Publication{IncidentID: w.inc.ID, Summary: "Two men were shot dead by police in Kayole.",
				Victims: []haki.PublishedVictim{{PersonID: w.client.ID, ShowName: true},
					{PersonID: w.stranger.ID, ShowName: true, PublicSource: "Daily Nation, 3 May 2024"}}}
		}

		// Not verified: nothing can be published, nothing shows.
		if err := s.SetPublication(w.dm, pub()); haki.ErrorFields(err)["publication"] == "" {
			t.Fatalf("publication of an unverified incident: %v", err)
		}
		// Verified, but publishable needs the client's consent first.
		if err := w.setIncident(t, s, "verified", true); haki.ErrorFields(err)["consent"] == "" {
			t.Fatalf("publishable without consent: %v", err)
		}
		w.consent(t, s, "given", 3)
		if err := w.setIncident(t, s, "verified", true); err != nil {
			t.Fatal(err)
		}
		if list, _, _ := portalAnswers(t, s, ""); len(list) != 0 {
			t.Fatalf("shown before publication details: %+v", list)
		}
		// Only a data manager or administrator writes publication details.
		for _, ctx := range []context.Context{w.cw, w.monitor, context.Background()} {
			if err := s.SetPublication(ctx, pub()); err == nil {
				t.Errorf("a role without incident.verify published")
			}
		}
		// A victim who is nobody's client is named only with a public source.
		bad := pub()
		bad.Victims[1].PublicSource = ""
		if err := s.SetPublication(w.dm, bad); haki.ErrorFields(err)["public_source"] == "" {
			t.Fatalf("stranger named without a source: %v", err)
		}
		p := pub()
		if err := s.SetPublication(w.dm, p); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(p.Ref, "PUB-") || p.Version != 1 {
			t.Fatalf("publication: %+v", p)
		}
		stale := pub()
		if err := s.SetPublication(w.dm, stale); haki.ErrorCode(err) != haki.ECONFLICT {
			t.Errorf("stale publication: %v", err)
		}

		list, one, all := portalAnswers(t, s, p.Ref)
		if len(list) != 1 || one == nil {
			t.Fatalf("not shown after verification, publication and consent: %s", all)
		}
		got := list[0]
		if got.Ref != p.Ref || got.CountyCode != "KE-047" || got.Occurred.ISO() != "2024-05-02" || got.Summary != p.Summary ||
			len(got.Types) != 1 || len(got.Victims) != 2 {
			t.Fatalf("shown: %+v", got)
		}
		if v := got.Victims[0]; v.Name != "Amani Wekesa" || v.Age != nil || v.Source != "" {
			t.Errorf("client: %+v", v)
		}
		if v := got.Victims[1]; v.Name != "Juma Chege" || v.Age != nil || v.Source != "Daily Nation, 3 May 2024" {
			t.Errorf("stranger: %+v", v)
		}
		for _, never := range []string{`"age":27`, `"age":31`, "Secret", w.inc.Ref, w.inc.ID, w.client.ID, "+254700000111", "12345678", "notes about"} {
			if strings.Contains(all, never) {
				t.Errorf("the portal shows %q: %s", never, all)
			}
		}

		// The age, once agreed, shows; the other victim's stays hidden.
		p2, err := s.FindPublication(w.dm, w.inc.ID)
		if err != nil || len(p2.Victims) != 2 || !p2.Victims[0].Client || p2.Victims[1].Client {
			t.Fatalf("find: %+v %v", p2, err)
		}
		p2.Victims[0].ShowAge = true
		if err := s.SetPublication(w.dm, p2); err != nil {
			t.Fatal(err)
		}
		list, _, all = portalAnswers(t, s, p.Ref)
		if a := list[0].Victims[0].Age; a == nil || *a != 27 || strings.Contains(all, `"age":31`) {
			t.Errorf("agreed age: %s", all)
		}

		// Withdrawal of consent takes it off at once; giving it again brings it back.
		w.consent(t, s, "refused", 1)
		if list, one, all := portalAnswers(t, s, p.Ref); len(list) != 0 || one != nil {
			t.Fatalf("shown after consent was withdrawn: %s", all)
		}
		w.consent(t, s, "given", 0)
		if list, _, _ := portalAnswers(t, s, p.Ref); len(list) != 1 {
			t.Fatal("not shown after consent was given again")
		}
		// A new client without consent (a second family's case) holds it back.
		other := mustPrivacyPerson(t, s, w.dm, "Zawadi Chege", "female")
		otherCase := mustClientCase(t, s, w.dm, other, w.inc, "active")
		if list, _, _ := portalAnswers(t, s, p.Ref); len(list) != 0 {
			t.Fatal("shown while a new client has not consented")
		}
		if err := s.RecordConsent(w.dm, consent(otherCase.ID, haki.ConsentPublication, "given", haki.Today(s.Now()))); err != nil {
			t.Fatal(err)
		}
		// Un-marking publishable or un-verifying takes it off.
		if err := w.setIncident(t, s, "verified", false); err != nil {
			t.Fatal(err)
		}
		if list, _, _ := portalAnswers(t, s, p.Ref); len(list) != 0 {
			t.Fatal("shown when not publishable")
		}
		if err := w.setIncident(t, s, "unverified", false); err != nil {
			t.Fatal(err)
		}
		if list, _, _ := portalAnswers(t, s, p.Ref); len(list) != 0 {
			t.Fatal("shown when not verified")
		}
		if err := w.setIncident(t, s, "verified", true); err != nil {
			t.Fatal(err)
		}
		if list, _, _ := portalAnswers(t, s, p.Ref); len(list) != 1 {
			t.Fatal("not shown again")
		}
		// Withdrawing the publication takes it off.
		if err := s.WithdrawPublication(w.cw, w.inc.ID); haki.ErrorCode(err) != haki.EFORBIDDEN {
			t.Errorf("caseworker withdraws: %v", err)
		}
		if err := s.WithdrawPublication(w.dm, w.inc.ID); err != nil {
			t.Fatal(err)
		}
		if list, _, _ := portalAnswers(t, s, p.Ref); len(list) != 0 {
			t.Fatal("shown after withdrawal")
		}
		entries, err := s.FindAuditEntries(w.admin, haki.AuditFilter{EntityID: w.inc.ID, Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		actions := map[string]int{}
		for _, e := range entries {
			actions[e.Action]++
		}
		if actions["publish"] != 2 || actions["unpublish"] != 1 {
			t.Errorf("audit: %v", actions)
		}
	})
}

// TestPortalErasedVictim: a victim whose identity is erased shows nothing,
// even where the name had been agreed.
func TestPortalErasedVictim(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newPortalWorld(t, s)
		w.consent(t, s, "given", 2)
		if err := w.setIncident(t, s, "verified", true); err != nil {
			t.Fatal(err)
		}
		p := &haki.Publication{IncidentID: w.inc.ID, Summary: "A shooting.", Victims: []haki.PublishedVictim{
			{PersonID: w.stranger.ID, ShowName: true, ShowAge: true, PublicSource: "The Star"}}}
		if err := s.SetPublication(w.dm, p); err != nil {
			t.Fatal(err)
		}
		if err := s.ErasePerson(w.admin, w.stranger.ID, "The person asked to be forgotten."); err != nil {
			t.Fatal(err)
		}
		list, _, all := portalAnswers(t, s, p.Ref)
		if len(list) != 1 || strings.Contains(all, "Juma") {
			t.Errorf("erased victim: %s", all)
		}
	})
}

// TestPortalFigures: the public figures are the executions report for a
// reader who does not see identities: small counts hidden, the rest rounded.
func TestPortalFigures(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		dm := storetest.As(storetest.MustUser(t, s, "dm", haki.RoleDataManager, ""))
		for i := range 7 {
			inc := mustIncident(t, s, dm, "Killing", "KE-047", "2024-03-0"+string(rune('1'+i)))
			mustVictim(t, s, dm, inc, mustPrivacyPerson(t, s, dm, "Victim", "male"))
		}
		inc := mustIncident(t, s, dm, "Killing", "KE-001", "2024-07-01")
		mustVictim(t, s, dm, inc, mustPrivacyPerson(t, s, dm, "Victim", "female"))
		r, err := s.PortalFigures(context.Background(), 2024)
		if err != nil {
			t.Fatal(err)
		}
		if r.Victims.N != 10 || r.Accountability != nil || len(r.Tables) != len(store.PortalFigureBreakdowns) {
			t.Fatalf("figures: %+v", r)
		}
		for _, tb := range r.Tables {
			for _, row := range tb.Rows {
				if !row.Victims.Suppressed && row.Victims.N%5 != 0 {
					t.Errorf("%s %s: %d shown unrounded", tb.By, row.Code, row.Victims.N)
				}
			}
		}
		years, err := s.PortalYears(context.Background())
		if err != nil || len(years) != 1 || years[0] != 2024 {
			t.Errorf("years: %v %v", years, err)
		}
	})
}

// TestPortalFamilyConsent: a person killed is not a client; their family
// is. With one victim, the family's publication consent covers the
// victim's name; without it, nothing shows.
func TestPortalFamilyConsent(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		dm := storetest.As(storetest.MustUser(t, s, "dm", haki.RoleDataManager, ""))
		inc := mustIncident(t, s, dm, "Killing", "KE-047", "2024-04-01")
		victim := mustPrivacyPerson(t, s, dm, "Imani Odhiambo", "male")
		mustVictim(t, s, dm, inc, victim)
		mother := mustPrivacyPerson(t, s, dm, "Rehema Odhiambo", "female")
		c := &haki.Case{ClientID: mother.ID, ClientRelation: "parent", IncidentIDs: []string{inc.ID}, IntakeDate: haki.Today(s.Now()).AddDate(0, 0, -3),
			IntakeChannel: "walk_in", Status: "active"}
		if err := s.CreateCase(dm, c); err != nil {
			t.Fatal(err)
		}
		if err := s.RecordConsent(dm, consent(c.ID, haki.ConsentPublication, "given", haki.Today(s.Now()).AddDate(0, 0, -1))); err != nil {
			t.Fatal(err)
		}
		found, _ := s.FindIncidentByID(dm, inc.ID)
		found.Publishable = true
		if err := s.UpdateIncident(dm, found); err != nil {
			t.Fatal(err)
		}
		p := &haki.Publication{IncidentID: inc.ID, Summary: "A man was killed.", Victims: []haki.PublishedVictim{{PersonID: victim.ID, ShowName: true}}}
		if err := s.SetPublication(dm, p); err != nil {
			t.Fatalf("the family's consent covers the only victim: %v", err)
		}
		list, _, all := portalAnswers(t, s, p.Ref)
		if len(list) != 1 || list[0].Victims[0].Name != "Imani Odhiambo" || strings.Contains(all, "Rehema") {
			t.Errorf("family consent: %s", all)
		}
		if err := s.RecordConsent(dm, consent(c.ID, haki.ConsentPublication, "withdrawn", haki.Today(s.Now()))); err != nil {
			t.Fatal(err)
		}
		if list, _, _ := portalAnswers(t, s, p.Ref); len(list) != 0 {
			t.Error("shown after the family withdrew consent")
		}
	})
}
