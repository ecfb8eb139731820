package demo

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/gazetteer"
)

var (
	uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[47][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	refRE  = regexp.MustCompile(`^(PER|INC|CASE)-(\d{4})-(\d{6})$`)
)

// checker follows a run's records in order and remembers what was emitted,
// so every reference can be checked against what came before it.
type checker struct {
	t      *testing.T
	now    time.Time
	ids    map[string]string // id -> kind
	refs   map[string]int    // "PER-2024" -> last number
	vocab  map[string]map[string]bool
	places map[string]haki.Place
	fails  int
}

func newChecker(t *testing.T, now time.Time) *checker {
	c := &checker{t: t, now: now, ids: map[string]string{}, refs: map[string]int{},
		vocab: map[string]map[string]bool{}, places: map[string]haki.Place{}}
	for _, term := range haki.SeedTerms {
		if c.vocab[term.Vocab] == nil {
			c.vocab[term.Vocab] = map[string]bool{}
		}
		c.vocab[term.Vocab][term.Code] = true
	}
	ps, err := gazetteer.Kenya()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		c.places[p.Code] = p
	}
	return c
}

func (c *checker) errorf(format string, args ...any) {
	c.t.Helper()
	if c.fails++; c.fails <= 20 {
		c.t.Errorf(format, args...)
	}
}

// id records a new record's id and checks its form and uniqueness.
func (c *checker) id(kind, id string) {
	c.t.Helper()
	if !uuidRE.MatchString(id) {
		c.errorf("%s id %q is not a version-4 or version-7 UUID", kind, id)
	}
	if _, dup := c.ids[id]; dup {
		c.errorf("%s id %s used twice", kind, id)
	}
	c.ids[id] = kind
}

// ref checks a reference is of the record's year and next in its series.
func (c *checker) ref(ref, prefix string, created time.Time) {
	c.t.Helper()
	m := refRE.FindStringSubmatch(ref)
	if m == nil || m[1] != prefix || m[2] != strconv.Itoa(created.Year()) {
		c.errorf("ref %q: want %s-%d-NNNNNN", ref, prefix, created.Year())
		return
	}
	n, _ := strconv.Atoi(m[3])
	key := m[1] + "-" + m[2]
	if n != c.refs[key]+1 {
		c.errorf("ref %s follows number %d", ref, c.refs[key])
	}
	c.refs[key] = n
}

// to checks that id points at an emitted record of the kind; empty is allowed when optional.
func (c *checker) to(kind, id string, optional bool, from string) {
	c.t.Helper()
	if id == "" && optional {
		return
	}
	if c.ids[id] != kind {
		c.errorf("%s points at %s %q, not emitted before it", from, kind, id)
	}
}

func (c *checker) code(vocab, code string, optional bool, from string) {
	c.t.Helper()
	if code == "" && optional {
		return
	}
	if !c.vocab[vocab][code] {
		c.errorf("%s: %q is not in vocabulary %s", from, code, vocab)
	}
}

func (c *checker) place(county, sub string, from string) {
	c.t.Helper()
	if p, ok := c.places[county]; county != "" && (!ok || p.Level != 1) {
		c.errorf("%s: county %q not in the gazetteer", from, county)
	}
	if p, ok := c.places[sub]; sub != "" && (!ok || p.ParentCode != county) {
		c.errorf("%s: sub-county %q not in county %q", from, sub, county)
	}
}

func (c *checker) valid(err error, from string) {
	c.t.Helper()
	if err != nil {
		c.errorf("%s: Validate: %v", from, err)
	}
}

func (c *checker) dated(from string, created, updated time.Time) {
	c.t.Helper()
	if created.IsZero() || created.After(c.now) || updated.Before(created) || updated.After(c.now) {
		c.errorf("%s: created %v, updated %v, now %v", from, created, updated, c.now)
	}
}

// TestGenerateReferences replays a run made at a fixed instant in emission
// order and checks every record: form, references to earlier records,
// vocabularies, places, dates, and Validate at that instant.
func TestGenerateReferences(t *testing.T) {
	for _, now := range []time.Time{
		time.Date(2026, 12, 7, 7, 26, 0, 0, time.UTC),
		time.Date(2026, 12, 31, 21, 30, 0, 0, time.UTC), // a new year in Nairobi, the old one in UTC
	} {
		t.Run(now.Format(time.RFC3339), func(t *testing.T) { checkReferences(t, now) })
	}
}

func checkReferences(t *testing.T, now time.Time) {
	rc, _ := mustGenerate(t, 5000, 11, now)
	c := newChecker(t, now)
	next := map[string]int{}
	victims := map[string]int{} // incident id -> acts
	phase := 0
	phases := map[string]int{"team": 0, "user": 1, "institution": 2}
	for _, kind := range rc.order {
		p, ok := phases[kind]
		if !ok {
			p = 3
		}
		if p < phase {
			t.Fatalf("a %s came after the records that depend on it", kind)
		}
		phase = p
		i := next[kind]
		next[kind]++
		switch kind {
		case "team":
			c.id(kind, rc.teams[i].ID)
		case "user":
			checkUser(c, rc.users[i])
		case "institution":
			checkInstitution(c, rc.institutions[i])
		case "person":
			checkPerson(c, rc.persons[i])
		case "incident":
			checkIncident(c, rc.incidents[i])
		case "act":
			checkAct(c, rc.acts[i])
			victims[rc.acts[i].IncidentID]++
		case "involvement":
			checkInvolvement(c, rc.involvements[i])
		case "source":
			checkSource(c, rc.sources[i])
		case "case":
			checkCase(c, rc, rc.cases[i])
		}
	}
	for _, inc := range rc.incidents {
		if victims[inc.ID] != inc.VictimCount || inc.VictimCount == 0 {
			t.Errorf("%s: victim count %d, acts %d", inc.Ref, inc.VictimCount, victims[inc.ID])
		}
	}
}

func checkUser(c *checker, u *haki.User) {
	c.id("user", u.ID)
	c.to("team", u.TeamID, true, "user "+u.Username)
	c.valid(u.Validate(), "user "+u.Username)
	c.dated("user "+u.Username, u.CreatedAt, u.UpdatedAt)
}

func checkInstitution(c *checker, in *haki.Institution) {
	c.id("institution", in.ID)
	c.code("service", in.ServiceCode, false, in.Name)
	c.place(in.CountyCode, "", in.Name)
	c.valid(in.Validate(), in.Name)
}

func checkPerson(c *checker, p *haki.Person) {
	c.id("person", p.ID)
	c.ref(p.Ref, "PER", p.CreatedAt)
	c.to("user", p.CreatedBy, false, p.Ref)
	c.code("sex", p.Sex, false, p.Ref)
	c.place(p.CountyCode, p.SubCountyCode, p.Ref)
	c.dated(p.Ref, p.CreatedAt, p.UpdatedAt)
	c.valid(p.Validate(c.now), p.Ref)
	if p.Deceased != !p.DeceasedOn.IsZero() || p.DeceasedOn.Date.After(c.now) {
		c.errorf("%s: deceased %v on %v", p.Ref, p.Deceased, p.DeceasedOn)
	}
}

func checkIncident(c *checker, inc *haki.Incident) {
	c.id("incident", inc.ID)
	c.ref(inc.Ref, "INC", inc.CreatedAt)
	c.to("user", inc.CreatedBy, false, inc.Ref)
	for _, typ := range inc.Types {
		c.code("incident_type", typ, false, inc.Ref)
	}
	c.code("context", inc.Context, true, inc.Ref)
	c.code("verification", inc.Verification, false, inc.Ref)
	c.place(inc.CountyCode, inc.SubCountyCode, inc.Ref)
	c.dated(inc.Ref, inc.CreatedAt, inc.UpdatedAt)
	c.valid(inc.Validate(c.now), inc.Ref)
	if inc.Occurred.Date.After(inc.CreatedAt) {
		c.errorf("%s: occurred %v after it was registered %v", inc.Ref, inc.Occurred, inc.CreatedAt)
	}
	if inc.Narrative == "" || strings.Contains(inc.Narrative, "{") {
		c.errorf("%s: narrative %q", inc.Ref, inc.Narrative)
	}
}

func checkAct(c *checker, a *haki.Act) {
	c.id("act", a.ID)
	c.to("incident", a.IncidentID, false, "act")
	c.to("person", a.VictimID, false, "act")
	c.code("act_type", a.ActType, false, "act")
	c.code("method", a.Method, true, "act")
	c.code("victim_status", a.VictimStatus, false, "act")
	for _, x := range a.Consequences {
		c.code("consequence", x, false, "act")
	}
	c.valid(a.Validate(), "act")
}

func checkInvolvement(c *checker, v *haki.Involvement) {
	c.id("involvement", v.ID)
	c.to("act", v.ActID, false, "involvement")
	c.to("institution", v.InstitutionID, true, "involvement")
	c.code("service", v.ServiceCode, false, "involvement")
	c.code("involvement", v.Degree, false, "involvement")
	c.valid(v.Validate(c.now), "involvement")
}

func checkSource(c *checker, s *haki.Source) {
	c.id("source", s.ID)
	c.to("incident", s.IncidentID, false, "source")
	c.to("person", s.PersonID, true, "source")
	c.code("source_kind", s.Kind, false, "source")
	c.code("reliability", s.Reliability, false, "source")
	c.valid(s.Validate(), "source")
	if s.Kind == "media" && (s.Outlet == "" || !strings.HasPrefix(s.URL, "https://")) {
		c.errorf("media source without outlet or link: %+v", s)
	}
}

func checkCase(c *checker, rc *recorder, k *haki.Case) {
	c.id("case", k.ID)
	c.ref(k.Ref, "CASE", k.CreatedAt)
	c.to("person", k.ClientID, false, k.Ref)
	for _, id := range k.IncidentIDs {
		c.to("incident", id, false, k.Ref)
	}
	c.to("user", k.CaseworkerID, false, k.Ref)
	c.to("team", k.TeamID, false, k.Ref)
	c.to("user", k.CreatedBy, false, k.Ref)
	for _, id := range k.AssigneeIDs {
		c.to("user", id, false, k.Ref)
	}
	c.code("client_relation", k.ClientRelation, false, k.Ref)
	c.code("intake_channel", k.IntakeChannel, false, k.Ref)
	c.code("case_status", k.Status, false, k.Ref)
	c.code("closure_reason", k.ClosureReason, true, k.Ref)
	c.dated(k.Ref, k.CreatedAt, k.UpdatedAt)
	c.valid(k.Validate(c.now), k.Ref)
	for _, u := range rc.users {
		if u.ID == k.CaseworkerID && (u.Role != haki.RoleCaseworker || u.TeamID != k.TeamID) {
			c.errorf("%s: caseworker %s (%s) is not of team %s", k.Ref, u.Username, u.Role, k.TeamID)
		}
	}
}
