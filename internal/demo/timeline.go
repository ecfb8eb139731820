package demo

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/haki-kenya/haki"
)

// growth makes the last year's rate of incidents 1+growth times the first
// year's: documentation grew as the network and the media monitoring did.
const growth = 1.5

// window is a period of mass protests, when protest policing peaks.
type window struct {
	from, to time.Time
	boost    float64 // how much likelier protest incidents are that year
	election bool    // protests around a general election
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// protestWindows are the main waves: the 2013 and 2017 elections, the 2016
// anti-IEBC protests, the 2022 election, the 2023 opposition protests, the
// June-July 2024 Finance Bill protests and their 2025 anniversaries.
var protestWindows = []window{
	{day(2013, 3, 4), day(2013, 4, 10), 1.5, true},
	{day(2016, 5, 16), day(2016, 6, 14), 1.5, false},
	{day(2017, 8, 8), day(2017, 11, 30), 4, true},
	{day(2022, 8, 9), day(2022, 8, 31), 2, true},
	{day(2023, 3, 20), day(2023, 7, 31), 3, false},
	{day(2024, 6, 18), day(2024, 7, 31), 5, false},
	{day(2025, 6, 20), day(2025, 7, 10), 4, false},
}

// curfew is the 2020 COVID-19 curfew, when its enforcement killed and injured people.
var curfew = window{from: day(2020, 3, 27), to: day(2020, 6, 30)}

// timeline places incidents between start and now and chooses their kind
// with weights that depend on the year.
type timeline struct {
	start, now time.Time
	span       float64 // seconds
	years      map[int]table
}

func newTimeline(now time.Time) *timeline {
	start := day(2013, 1, 1)
	if now.Year() < 2014 {
		start = day(now.Year()-5, 1, 1)
	}
	tl := &timeline{start: start, now: now, span: now.Sub(start).Seconds(), years: map[int]table{}}
	for y := start.Year(); y <= now.Year(); y++ {
		ws := make([]int, numKinds)
		for k := range kinds {
			ws[k] = int(float64(kinds[k].weight*100) * yearBoost(k, y))
		}
		tl.years[y] = newTable(ws...)
	}
	return tl
}

// yearBoost scales a kind's weight in a year: protests peak in their
// windows' years and are rarer in others; disappearances rose in 2014-2015
// (counter-terrorism on the coast) and again in 2024-2025.
func yearBoost(k, y int) float64 {
	switch {
	case kinds[k].isProtest():
		for _, win := range protestWindows {
			if win.from.Year() == y {
				return win.boost
			}
		}
		return 0.5
	case k == kDisappearance && (y == 2024 || y == 2025):
		return 2.5
	case k == kDisappearance && (y == 2014 || y == 2015):
		return 1.5
	}
	return 1
}

// at returns the day of incident i of n: incidents are spread so that the
// rate grows linearly over time, with jitter, in roughly increasing order.
func (tl *timeline) at(r *rand.Rand, i, n int) time.Time {
	u := (float64(i) + r.Float64()) / float64(n)
	// Inverse of the CDF of the density (1 + growth*x) on [0, 1].
	// float64() keeps multiply and add unfused, for the same result on every CPU.
	x := (math.Sqrt(1+float64(2*growth*(1+growth/2)*u)) - 1) / growth
	t := tl.start.Add(time.Duration(x * tl.span * float64(time.Second)))
	return t.Truncate(24 * time.Hour)
}

// kind draws the kind of an incident in the year.
func (tl *timeline) kind(r *rand.Rand, year int) int {
	t := tl.years[year]
	return t.pick(r)
}

// protestDay moves most protest incidents of a protest year into its
// window, never past now, and reports whether the day falls in the
// protests around a general election.
func (tl *timeline) protestDay(r *rand.Rand, t time.Time) (time.Time, bool) {
	for _, win := range protestWindows {
		if win.from.Year() != t.Year() || win.from.After(tl.now) {
			continue
		}
		if chance(r, 0.75) {
			to := minTime(win.to, tl.now)
			t = win.from.AddDate(0, 0, r.IntN(int(to.Sub(win.from).Hours()/24)+1))
		}
		return t, win.election && !t.Before(win.from) && !t.After(win.to)
	}
	return t, false
}

// inCurfew reports whether t falls in the 2020 curfew.
func inCurfew(t time.Time) bool { return !t.Before(curfew.from) && !t.After(curfew.to) }

// fuzzy returns the date as recorded: mostly to the day, sometimes only
// the month or year, a few approximate.
func fuzzy(r *rand.Rand, t time.Time) haki.FuzzyDate {
	n := r.IntN(100)
	switch {
	case n < 85:
		return haki.FuzzyDate{Date: t, Precision: haki.PrecisionDay, Approx: n < 2}
	case n < 96:
		return haki.FuzzyDate{Date: day(t.Year(), t.Month(), 1), Precision: haki.PrecisionMonth, Approx: n < 89}
	}
	return haki.FuzzyDate{Date: day(t.Year(), 1, 1), Precision: haki.PrecisionYear, Approx: n < 98}
}

// later returns a time in office hours up to maxDays days after the day
// of t, never after now.
func (tl *timeline) later(r *rand.Rand, t time.Time, maxDays int) time.Time {
	d := t.AddDate(0, 0, r.IntN(maxDays+1)).Add(time.Duration(7*3600+r.IntN(12*3600)) * time.Second)
	if d.After(tl.now) {
		return tl.now
	}
	return d
}

// registered returns when an incident was entered: most within days, some
// weeks later, a few (found through media monitoring or old files) months later.
func (tl *timeline) registered(r *rand.Rand, t time.Time) time.Time {
	switch n := r.IntN(100); {
	case n < 60:
		return tl.later(r, t, 3)
	case n < 85:
		return tl.later(r, t, 30)
	}
	return tl.later(r, t, 400)
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
