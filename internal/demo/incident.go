package demo

import (
	"time"

	"github.com/haki-kenya/haki"
)

// draft is one incident while it is being built. It is reused from one
// incident to the next; only its slices' storage survives, never records.
type draft struct {
	k         *kind
	t         time.Time // the day it happened
	election  bool
	ci        int
	c         *county
	pl        *place
	created   time.Time
	createdBy string
	context   string
	victims   []victim
	perps     []perp
	inc       *haki.Incident
	client    *client
}

// incident builds and emits incident i with everything that hangs on it.
func (g *gen) incident(i int) {
	d := &g.d
	*d = draft{victims: d.victims[:0], perps: d.perps[:0]}
	r := g.r
	d.t = g.tl.at(r, i, g.opts.Size)
	d.k = &kinds[g.tl.kind(r, d.t.Year())]
	if d.k.isProtest() {
		d.t, d.election = g.tl.protestDay(r, d.t)
	}
	d.ci = g.geo.pickCounty(r, d.k.col)
	d.c = &g.geo.counties[d.ci]
	d.pl = d.c.pickPlace(r)
	d.created = g.tl.registered(r, d.t)
	d.createdBy = g.staff.entrant(r, teamOf(d.c.num))
	if i == 0 {
		d.createdBy = g.staff.monitor // so the monitor account always has a submission
	}
	d.context = g.context(d)
	g.drawVictims(d)
	g.drawPerps(d)
	// The last incident of a run without any case gets one, so that even a
	// tiny demo shows the named accounts a case file.
	if chance(r, d.k.caseP) || g.cases == 0 && i == g.opts.Size-1 {
		g.planCase(d)
	}
	for j := range d.victims {
		if d.victims[j].p != nil {
			g.person(d.victims[j].p)
		}
	}
	if d.client != nil && d.client.relative != nil {
		g.person(d.client.relative)
	}
	g.emitIncident(d)
	g.emitActs(d)
	g.emitSources(d)
	if d.client != nil {
		g.emitCase(d)
	}
}

// context returns the incident's context, with the special periods: the
// 2020 curfew, election protests, and the abductions of protesters that
// followed the 2024 protests.
func (g *gen) context(d *draft) string {
	r := g.r
	switch {
	case d.k.isProtest() && d.election:
		return "election"
	case (d.k == &kinds[kKilling] || d.k == &kinds[kCIDT]) && inCurfew(d.t) && chance(r, 0.5):
		return "curfew"
	case d.k == &kinds[kDisappearance] && d.t.Year() >= 2024 && chance(r, 0.5):
		return "protest"
	}
	return d.k.contexts.pick(r)
}

// emitIncident builds the incident record from the draft and emits it.
func (g *gen) emitIncident(d *draft) {
	r := g.r
	inc := &haki.Incident{
		ID:            g.ids.next(r),
		Ref:           g.refs.next("INC", d.created),
		Types:         append(make([]string, 0, 2), d.k.types...),
		Occurred:      fuzzy(r, d.t),
		CountyCode:    d.c.code,
		SubCountyCode: d.pl.subCode,
		PlaceName:     d.pl.name,
		Context:       d.context,
		VictimCount:   len(d.victims),
		CreatedBy:     d.createdBy,
		CreatedAt:     d.created,
		UpdatedAt:     d.created,
		Version:       1,
	}
	if d.k.extraType != "" && chance(r, d.k.extraP) {
		inc.Types = append(inc.Types, d.k.extraType)
	}
	if chance(r, 0.6) {
		inc.Latitude, inc.Longitude = d.c.coords(r)
	}
	if chance(r, 0.4) {
		inc.UpdatedAt = g.tl.later(r, d.created, 120)
	}
	inc.Verification = g.verification(d)
	inc.Publishable = inc.Verification == "verified" && chance(r, 0.5)
	d.inc = inc
	inc.Title = g.title(d)
	inc.Narrative = g.narrative(d)
	if g.err == nil {
		g.emit(&g.st.Incidents, g.sink.Incident(inc), "incident", inc.Ref)
	}
}

// verification: recent incidents are still being verified; most older
// ones are verified, a few stay unverified or disputed.
func (g *gen) verification(d *draft) string {
	n := g.r.IntN(100)
	if g.tl.now.Sub(d.created) < 60*24*time.Hour {
		switch {
		case n < 40:
			return "unverified"
		case n < 85:
			return "being_verified"
		}
		return "verified"
	}
	switch {
	case n < 72:
		return "verified"
	case n < 82:
		return "being_verified"
	case n < 94:
		return "unverified"
	}
	return "disputed"
}
