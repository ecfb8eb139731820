package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/haki-kenya/haki"
)

// DefaultSize is the number of incidents the demo generates unless told
// otherwise: about twelve years of a national coalition's documentation,
// which gives the organisation's real scale of some 500 case files a year
// in recent years.
const DefaultSize = 20000

// Options control a run. The same Options always give the same records.
type Options struct {
	Size     int       // number of incidents
	Seed     int64     // seed of the random numbers
	Now      time.Time // the clock: no record is dated after it
	Password string    // the password of every demo user
}

// Stats counts the records a run emitted, by kind.
type Stats struct {
	Teams        int
	Users        int
	Institutions int
	Persons      int
	Incidents    int
	Acts         int
	Involvements int
	Sources      int
	Cases        int
}

// Generate emits teams, users, institutions and then Size incidents with
// their persons, acts, involvements, sources and cases to sink, in
// dependency order. It stops at the first error of the sink or when ctx is
// done.
func Generate(ctx context.Context, opts Options, sink Sink) (Stats, error) {
	if err := opts.validate(); err != nil {
		return Stats{}, err
	}
	g, err := newGen(opts, sink)
	if err != nil {
		return Stats{}, err
	}
	g.staffAndPlaces()
	for i := 0; i < opts.Size && g.err == nil; i++ {
		if i&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return g.st, err
			}
		}
		g.incident(i)
	}
	return g.st, g.err
}

func (o *Options) validate() error {
	p := haki.Problems{}
	if o.Size < 0 {
		p.Add("size", "The number of incidents cannot be negative.")
	}
	if y := o.Now.Year(); y < 2000 || y > haki.MaxYear {
		p.Add("now", "Set the clock to a date from 2000 on.")
	}
	if err := haki.ValidatePassword(o.Password); err != nil {
		p.Add("password", haki.ErrorFields(err)["password"])
	}
	return p.Err()
}

// gen is one run's state. Emitting stops at the first error, kept in err,
// so that builders need not check after every record.
type gen struct {
	r     *rand.Rand
	ids   idSeq
	opts  Options
	sink  Sink
	st    Stats
	err   error
	refs  *refCounter
	geo   *geography
	inst  *institutions
	tl    *timeline
	staff staff
	pool  survivorPool
	d     draft // reused for every incident
	words vars  // reused for every narrative
	cases int   // case files so far, to give the first ones to named users
}

func newGen(opts Options, sink Sink) (*gen, error) {
	geo, err := newGeography()
	if err != nil {
		return nil, err
	}
	now := opts.Now.UTC()
	return &gen{
		r:    rand.New(rand.NewPCG(uint64(opts.Seed), 0x4841_4b49_4b45_4e59)), // "HAKIKENY"
		opts: opts,
		sink: sink,
		refs: newRefCounter(),
		geo:  geo,
		tl:   newTimeline(now),
		pool: newSurvivorPool(len(geo.counties)),
	}, nil
}

// staffAndPlaces emits the teams, users and institutions.
func (g *gen) staffAndPlaces() {
	g.staff = newStaff(g.r, g.tl.start.AddDate(0, -1, 0))
	for _, t := range g.staff.teams {
		if g.err == nil {
			g.emit(&g.st.Teams, g.sink.Team(t), "team", t.Name)
		}
	}
	for _, u := range g.staff.users {
		if g.err == nil {
			g.emit(&g.st.Users, g.sink.User(u, g.opts.Password), "user", u.Username)
		}
	}
	g.inst = newInstitutions(g.r, g.geo)
	for _, in := range g.inst.all {
		if g.err == nil {
			g.emit(&g.st.Institutions, g.sink.Institution(in.rec), "institution", in.rec.Name)
		}
	}
}

// emit counts a record the sink took in n, or keeps the sink's error with
// what was being written.
func (g *gen) emit(n *int, err error, what, ref string) {
	if err != nil {
		g.err = fmt.Errorf("demo: %s %s: %w", what, ref, err)
		return
	}
	*n++
}

func (g *gen) person(p *haki.Person) {
	if g.err == nil {
		g.emit(&g.st.Persons, g.sink.Person(p), "person", p.Ref)
	}
}

func (g *gen) act(a *haki.Act) {
	if g.err == nil {
		g.emit(&g.st.Acts, g.sink.Act(a), "act", a.ID)
	}
}

func (g *gen) involvement(v *haki.Involvement) {
	if g.err == nil {
		g.emit(&g.st.Involvements, g.sink.Involvement(v), "involvement", v.ID)
	}
}

func (g *gen) source(s *haki.Source) {
	if g.err == nil {
		g.emit(&g.st.Sources, g.sink.Source(s), "source", s.ID)
	}
}
