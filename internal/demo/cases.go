package demo

import (
	"slices"
	"time"

	"github.com/haki-kenya/haki"
)

// client is the person a draft incident's case file is for.
type client struct {
	personID   string
	relation   string       // vocabulary "client_relation"
	label      string       // "Mother", "Brother", ... for texts
	relative   *haki.Person // a new person when the client is family
	created    time.Time
	caseworker string
	team       int
}

var (
	relations = newCodes(w{"parent", 45}, w{"spouse", 25}, w{"sibling", 20}, w{"child", 5}, w{"other_relative", 5})
	channels  = newCodes(w{"walk_in", 30}, w{"hotline", 15}, w{"network_professional", 20},
		w{"partner_referral", 20}, w{"public_report", 5}, w{"media_monitoring", 10})
	closures = newCodes(w{"services_completed", 40}, w{"lost_to_follow_up", 30}, w{"referred_out", 12},
		w{"withdrawn", 12}, w{"deceased", 2})
	assigneeCount = newTable(50, 35, 15)
)

// The first case files go to the account named caseworker, so that it
// always has a caseload with a sensitive case, whatever the seed and size.
const ownedByCaseworker = 3

// planCase decides who the case file is for: the first victim when they
// survived as an adult, otherwise a relative, who becomes a new person.
func (g *gen) planCase(d *draft) {
	r, v := g.r, &d.victims[0]
	if absent(v.status) && v.nm.first == "" {
		return // nobody has come forward for an unidentified body
	}
	cl := &client{created: g.tl.later(r, d.created, 45), team: teamOf(d.c.num)}
	cl.caseworker = oneOf(r, g.staff.caseworkers[cl.team])
	if g.cases < ownedByCaseworker {
		cl.caseworker, cl.team = g.staff.caseworker, 0
	}
	g.cases++
	survivor := !absent(v.status) && (v.age < 0 || v.age >= 18) // children come with a parent
	if survivor && (v.status != "found_alive" || chance(r, 0.5)) {
		cl.personID, cl.relation, cl.label = v.id, "survivor", "Survivor"
	} else {
		g.newRelative(d, v, cl)
	}
	d.client = cl
}

// newRelative makes the relative who comes to the organisation for a
// victim: a parent for the young, often a spouse or sibling otherwise.
func (g *gen) newRelative(d *draft, v *victim, cl *client) {
	r := g.r
	va := v.age
	if va < 0 {
		va = 25
	}
	rel := relations.pick(r)
	if rel == "spouse" && va < 20 || rel == "child" && va < 38 {
		rel = "parent"
	}
	var male bool
	var age int
	switch rel {
	case "parent":
		male, age = chance(r, 0.25), va+between(r, 18, 35)
	case "spouse":
		male, age = !v.male, max(18, va+between(r, -6, 6))
	case "sibling":
		male, age = chance(r, 0.5), max(18, va+between(r, -8, 8))
	case "child":
		male, age = chance(r, 0.5), between(r, 18, va-18)
	default:
		male, age = chance(r, 0.5), between(r, 25, 65)
	}
	nm := newName(r, v.nm.comm, male)
	nm.last = v.nm.last
	p := g.newPerson(cl.created, cl.caseworker, nm, male, age, cl.created)
	p.CountyCode, p.SubCountyCode = d.c.code, d.pl.subCode
	p.Occupation = occupation(r, male, age, false)
	if chance(r, 0.9) {
		p.Phone = phone(r)
	}
	if p.NationalID == "" && chance(r, 0.5) {
		p.NationalID = digits(r, 8, '1')
	}
	cl.personID, cl.relation, cl.relative, cl.label = p.ID, rel, p, relationLabel(rel, male)
}

var relationLabels = map[string][2]string{"parent": {"Mother", "Father"}, "spouse": {"Wife", "Husband"},
	"sibling": {"Sister", "Brother"}, "child": {"Daughter", "Son"}, "other_relative": {"Aunt", "Uncle"}}

// relationLabel names the relative for texts: "Mother", "Brother", ...
func relationLabel(rel string, male bool) string {
	if male {
		return relationLabels[rel][1]
	}
	return relationLabels[rel][0]
}

// emitCase builds the case file and emits it.
func (g *gen) emitCase(d *draft) {
	r, cl := g.r, d.client
	c := &haki.Case{ID: g.ids.next(r), Ref: g.refs.next("CASE", cl.created), ClientID: cl.personID,
		ClientRelation: cl.relation, IncidentIDs: []string{d.inc.ID}, IntakeDate: cl.created.Truncate(24 * time.Hour),
		IntakeChannel: channels.pick(r), CaseworkerID: cl.caseworker, TeamID: g.staff.teams[cl.team].ID,
		AssigneeIDs: make([]string, 0, 3), CreatedBy: cl.caseworker, CreatedAt: cl.created, Version: 1}
	g.caseStatus(c)
	c.Sensitive = chance(r, sensitivity(d))
	for range assigneeCount.pick(r) {
		if a := g.staff.assignee(r); !slices.Contains(c.AssigneeIDs, a) {
			c.AssigneeIDs = append(c.AssigneeIDs, a)
		}
	}
	if g.cases == 1 { // the first case file: see ownedByCaseworker
		c.Sensitive = true
		if !slices.Contains(c.AssigneeIDs, g.staff.professional) {
			c.AssigneeIDs = append(c.AssigneeIDs, g.staff.professional)
		}
	}
	c.Summary = g.summary(d)
	if g.err == nil {
		g.emit(&g.st.Cases, g.sink.Case(c), "case", c.Ref)
	}
}

// Case statuses by the case's age: clients drop out and files close, so
// most old cases are closed, many as lost to follow-up.
var (
	statusOld    = newCodes(w{"closed", 85}, w{"on_hold", 5}, w{"active", 10})
	statusYear   = newCodes(w{"closed", 50}, w{"active", 30}, w{"on_hold", 12}, w{"assessment", 8})
	statusRecent = newCodes(w{"intake", 12}, w{"assessment", 18}, w{"active", 45}, w{"on_hold", 10}, w{"closed", 15})
)

// caseStatus sets the status, closure reason and last update by the case's age.
func (g *gen) caseStatus(c *haki.Case) {
	r := g.r
	ageDays := int(g.tl.now.Sub(c.CreatedAt).Hours() / 24)
	switch {
	case ageDays > 730:
		c.Status = statusOld.pick(r)
	case ageDays > 365:
		c.Status = statusYear.pick(r)
	default:
		c.Status = statusRecent.pick(r)
	}
	if c.Status == "closed" {
		c.ClosureReason = closures.pick(r)
	}
	c.UpdatedAt = g.tl.later(r, c.CreatedAt, min(ageDays, 600))
}

// sensitivity is the chance a case is marked sensitive: sexual violence,
// counter-terrorism and threatened defenders most often.
func sensitivity(d *draft) float64 {
	switch {
	case d.k == &kinds[kSGBV]:
		return 0.4
	case d.k == &kinds[kThreat]:
		return 0.3
	case d.context == "counter_terrorism":
		return 0.25
	}
	return 0.06
}
