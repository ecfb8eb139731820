package demo

import (
	"math/rand/v2"

	"github.com/haki-kenya/haki"
)

// perp is a perpetrator of every act of a draft incident: the same unit
// acts against all its victims.
type perp struct {
	svc                   int
	inst                  int // index in institutions, -1 for none
	officer, number, rank string
	degree                string
}

var ranks = newCodes(w{"Constable", 40}, w{"Corporal", 20}, w{"Sergeant", 14}, w{"Senior Sergeant", 8},
	w{"Inspector", 10}, w{"Chief Inspector", 5}, w{"Superintendent", 3})

var (
	leadDegrees  = newCodes(w{"direct", 80}, w{"command", 8}, w{"suspected", 12})
	otherDegrees = newCodes(w{"present", 50}, w{"command", 30}, w{"cover_up", 20})
)

// drawPerps chooses the perpetrators: a unit of the kind's usual service,
// sometimes a named officer, sometimes a second unit that was present,
// gave orders or covered up.
func (g *gen) drawPerps(d *draft) {
	r := g.r
	lead := g.newPerp(d, d.k.services.pick(r))
	lead.degree = leadDegrees.pick(r)
	if lead.svc == svcUnknown {
		lead.degree = "suspected"
	}
	if lead.svc != svcUnknown && chance(r, 0.15) {
		nm := newName(r, community(nationalMix.pick(r)), chance(r, 0.88))
		lead.officer = nm.first + " " + nm.last
		lead.number = "No. " + digits(r, 6, '2')
		lead.rank = ranks.pick(r)
	}
	d.perps = append(d.perps, lead)
	if lead.svc != svcUnknown && chance(r, 0.15) {
		other := g.newPerp(d, d.k.services.pick(r))
		if other.inst != lead.inst && other.svc != svcUnknown {
			other.degree = otherDegrees.pick(r)
			d.perps = append(d.perps, other)
		}
	}
}

func (g *gen) newPerp(d *draft, svc int) perp {
	p := perp{svc: svc, inst: g.inst.pick(g.r, svc, d.ci, d.pl, d.t.Year())}
	if p.inst >= 0 {
		p.svc = g.inst.all[p.inst].svc // a fallback station belongs to the police
	}
	return p
}

// emitActs emits one act per victim, each with an involvement per perpetrator.
func (g *gen) emitActs(d *draft) {
	r := g.r
	for j := range d.victims {
		v := &d.victims[j]
		a := &haki.Act{ID: g.ids.next(r), IncidentID: d.inc.ID, VictimID: v.id, ActType: v.actType, Method: v.method,
			Consequences: consequences(r, v), VictimStatus: v.status, Version: 1}
		if v.age >= 0 {
			age := v.age
			a.VictimAge = &age
		}
		g.act(a)
		for i, p := range d.perps {
			v := g.involvementOf(a, &p)
			// A copy each: the officer's story is the same in every act, the records are not.
			v.Outcomes = perpOutcomes(d.inc.ID, i, &p, d.t, g.opts.Now)
			g.involvement(v)
		}
	}
}

func (g *gen) involvementOf(a *haki.Act, p *perp) *haki.Involvement {
	v := &haki.Involvement{ID: g.ids.next(g.r), ActID: a.ID, ServiceCode: serviceCodes[p.svc], Degree: p.degree,
		OfficerName: p.officer, OfficerServiceNumber: p.number, OfficerRank: p.rank, Version: 1}
	if p.inst >= 0 {
		v.InstitutionID = g.inst.all[p.inst].rec.ID
	}
	return v
}

// consequences returns what the act did to the victim, consistent with
// the method and the victim's status.
func consequences(r *rand.Rand, v *victim) []string {
	out := make([]string, 0, 3)
	switch {
	case fatal(v.status):
		out = append(out, "death")
		if v.method == "shooting" && chance(r, 0.5) {
			out = append(out, "gunshot_wound")
		}
	case v.status == "missing":
		out = append(out, "none_known")
	case v.actType == "threat" || v.actType == "arbitrary_detention" || v.status == "unharmed":
		out = maybe(r, out, "psychological", 0.6)
		out = maybe(r, out, "loss_of_property", 0.2)
	case v.method == "shooting":
		out = append(out, "gunshot_wound")
		out = maybe(r, out, "fracture", 0.2)
		out = maybe(r, out, "permanent_disability", 0.1)
	case v.actType == "sexual_violence":
		out = append(out, "psychological")
		out = maybe(r, out, "soft_tissue", 0.5)
	default:
		out = maybe(r, out, "soft_tissue", 0.7)
		out = maybe(r, out, "fracture", 0.2)
		out = maybe(r, out, "head_injury", 0.12)
		out = maybe(r, out, "permanent_disability", 0.05)
		out = maybe(r, out, "psychological", 0.6)
	}
	if len(out) == 0 {
		out = append(out, "none_known")
	}
	return out
}

func maybe(r *rand.Rand, out []string, code string, p float64) []string {
	if chance(r, p) {
		return append(out, code)
	}
	return out
}
