package demo

import (
	"math/rand/v2"
	"time"

	"github.com/haki-kenya/haki"
)

// victim is one victim of a draft incident and what was done to them.
type victim struct {
	p       *haki.Person // nil when the person came with an earlier incident
	id      string
	nm      name
	male    bool
	age     int // at the time; -1 when unknown
	status  string
	actType string
	method  string
}

// drawVictims decides how many victims the incident has, what became of
// each, and who they are.
func (g *gen) drawVictims(d *draft) {
	r, k := g.r, d.k
	n := 1
	if chance(r, k.multiP) {
		n = between(r, 2, k.maxVict)
	}
	for j := range n {
		v := victim{status: k.statuses.pick(r), actType: k.actType, method: k.methods.pick(r)}
		if d.k == &kinds[kProtestKilling] && j > 0 && chance(r, 0.5) {
			// Those around a protester shot dead are often wounded, not killed.
			v.status, v.actType, v.method = "injured", "assault", kinds[kProtestInjury].methods.pick(r)
		}
		if !absent(v.status) && chance(r, 0.03) && g.pool.take(r, d, &v) {
			d.victims = append(d.victims, v)
			continue
		}
		g.newVictim(d, &v)
		d.victims = append(d.victims, v)
	}
}

// newVictim makes the person record of a victim seen for the first time.
func (g *gen) newVictim(d *draft, v *victim) {
	r, k := g.r, d.k
	v.male = chance(r, k.maleP)
	v.nm = newName(r, pickCommunity(r, d.c.comm, d.c.share), v.male)
	v.age = -1
	if chance(r, 0.9) {
		v.age = k.ages.draw(r)
	}
	p := g.newPerson(d.created, d.createdBy, v.nm, v.male, v.age, d.t)
	v.p, v.id = p, p.ID
	p.CountyCode, p.SubCountyCode = d.c.code, d.pl.subCode
	if chance(r, 0.1) {
		p.CountyCode, p.SubCountyCode = g.geo.counties[g.geo.pickCounty(r, wGen)].code, ""
	}
	p.Occupation = occupation(r, v.male, v.age, k == &kinds[kThreat])
	if !absent(v.status) && chance(r, 0.3) {
		p.Phone = phone(r)
	}
	switch v.status {
	case "killed":
		p.Deceased, p.DeceasedOn = true, haki.FuzzyDate{Date: d.t, Precision: haki.PrecisionDay}
	case "found_dead":
		found := minTime(d.t.AddDate(0, 0, between(r, 3, 90)), g.tl.now).Truncate(24 * time.Hour)
		p.Deceased, p.DeceasedOn = true, haki.FuzzyDate{Date: found, Precision: haki.PrecisionDay}
		if found.After(p.CreatedAt) { // the record was updated when the body was found
			p.UpdatedAt = g.tl.later(r, found, 2)
		}
	}
	if fatal(v.status) && chance(r, 0.015) {
		// An unidentified body: nothing is known but what the mortuary saw.
		p.FullName, p.OtherNames, p.Occupation, p.NationalID, p.Phone = "Unknown", nil, "", "", ""
		v.nm = name{}
	}
	if !absent(v.status) && v.age >= 0 && chance(r, 0.3) {
		g.pool.put(d.ci, v, d.t.Year())
	}
}

// newPerson fills what every generated person has: identity, name, sex,
// age or birth date, sometimes an alias and an identity number.
func (g *gen) newPerson(at time.Time, by string, nm name, male bool, age int, when time.Time) *haki.Person {
	r := g.r
	p := &haki.Person{ID: g.ids.next(r), Ref: g.refs.next("PER", at), FullName: nm.full(), Sex: "female",
		CreatedBy: by, CreatedAt: at, UpdatedAt: at, Version: 1}
	if male {
		p.Sex = "male"
	}
	if chance(r, 0.04) {
		p.OtherNames = []string{otherName(r, nm)}
	}
	switch {
	case age < 0:
	case chance(r, 0.2):
		born := when.AddDate(-age, 0, -r.IntN(365))
		p.BirthDate = haki.FuzzyDate{Date: born, Precision: haki.PrecisionDay}
		if chance(r, 0.4) {
			p.BirthDate = haki.FuzzyDate{Date: day(born.Year(), 1, 1), Precision: haki.PrecisionYear}
		}
	default:
		a := age
		p.EstimatedAge = &a
	}
	if age >= 18 && chance(r, 0.35) {
		p.NationalID = digits(r, 8, '1')
	}
	return p
}

// draw returns an age from the table.
func (a *ageTable) draw(r *rand.Rand) int {
	b := a.bands[a.t.pick(r)]
	return between(r, b[0], b[1])
}

// phone returns a Kenyan mobile number, 07xxxxxxxx.
func phone(r *rand.Rand) string { return "07" + digits(r, 8, '0') }

var (
	maleJobs = []string{"boda boda rider", "boda boda rider", "hawker", "casual labourer", "casual labourer",
		"matatu tout", "matatu driver", "student", "farmer", "mechanic", "fisherman", "security guard",
		"construction worker", "unemployed", "small-scale trader", "jua kali artisan", "carpenter", "welder",
		"shopkeeper", "herder", "car wash attendant", "scrap metal dealer", "tuk-tuk driver"}
	femaleJobs = []string{"hawker", "mama mboga (vegetable vendor)", "student", "casual labourer", "hairdresser",
		"house help", "small-scale trader", "farmer", "teacher", "nurse", "shopkeeper", "unemployed",
		"tailor", "fish trader"}
	minorJobs = []string{"student", "student", "student", "pupil", "herder", "hawker"}
	hrdJobs   = []string{"human-rights defender", "community paralegal", "journalist", "social justice activist",
		"youth leader", "environmental activist", "blogger"}
)

// occupation returns a plausible occupation, or "" when none was recorded.
func occupation(r *rand.Rand, male bool, age int, defender bool) string {
	switch {
	case chance(r, 0.15):
		return ""
	case defender:
		return oneOf(r, hrdJobs)
	case age >= 0 && age < 18:
		return oneOf(r, minorJobs)
	case male:
		return oneOf(r, maleJobs)
	}
	return oneOf(r, femaleJobs)
}

// survivorPool keeps some survivors per county so that a later incident
// can involve them again: arrested twice, tortured after a complaint.
type survivorPool struct {
	rings [][]pooled
	next  []int
}

type pooled struct {
	id   string
	nm   name
	male bool
	born int // year
}

const poolSize = 32

func newSurvivorPool(counties int) survivorPool {
	return survivorPool{rings: make([][]pooled, counties), next: make([]int, counties)}
}

func (sp *survivorPool) put(ci int, v *victim, year int) {
	e := pooled{id: v.id, nm: v.nm, male: v.male, born: year - v.age}
	if len(sp.rings[ci]) < poolSize {
		sp.rings[ci] = append(sp.rings[ci], e)
		return
	}
	sp.rings[ci][sp.next[ci]] = e
	sp.next[ci] = (sp.next[ci] + 1) % poolSize
}

// take fills v with a pooled survivor of the incident's county who is not
// already a victim in it, and reports whether there was one.
func (sp *survivorPool) take(r *rand.Rand, d *draft, v *victim) bool {
	ring := sp.rings[d.ci]
	if len(ring) == 0 {
		return false
	}
	e := ring[r.IntN(len(ring))]
	for _, o := range d.victims {
		if o.id == e.id {
			return false
		}
	}
	v.id, v.nm, v.male, v.age = e.id, e.nm, e.male, max(0, d.t.Year()-e.born)
	return true
}
