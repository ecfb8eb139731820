package recur

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/teambition/rrule-go"
)

// TestExpandAgainstRRuleGo compares Expand with an independent
// implementation, github.com/teambition/rrule-go, on generated series:
// starts near month ends and in leap years, every frequency, intervals,
// counts, ends, several weekdays, removed dates and windows.
func TestExpandAgainstRRuleGo(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 2026))
	checked := 0
	for i := range 3000 {
		start, r := genSeries(rng)
		if err := r.Validate(start); err != nil {
			t.Fatalf("case %d: generated an invalid rule %s from %v: %v", i, r, start, err)
		}
		dur := time.Duration(rng.IntN(6*60)) * time.Minute
		set := oracleSet(t, start, r)
		all := oracleFirst(set, 400)
		var ex []time.Time
		for range rng.IntN(4) {
			if len(all) > 0 {
				ex = append(ex, all[rng.IntN(len(all))].UTC())
			}
		}
		for _, e := range ex {
			set.ExDate(e)
		}
		from := start.Add(time.Duration(rng.IntN(400*24)-30*24) * time.Hour)
		to := from.Add(time.Duration(1+rng.IntN(120*24)) * time.Hour)

		var want []time.Time
		next := set.Iterator()
		for t, ok := next(); ok && t.Before(to); t, ok = next() {
			if !t.Before(from) || t.Add(dur).After(from) {
				want = append(want, t)
			}
		}
		got := Expand(start, dur, r, ex, from, to)
		if !slices.EqualFunc(got, want, time.Time.Equal) {
			t.Fatalf("case %d: start %v, rule %s, dur %v, exdates %v, window [%v, %v)\n got %v\nwant %v",
				i, start.In(Location()), r, dur, wall(ex), from.In(Location()), to.In(Location()), wall(got), wall(want))
		}
		checked += len(want)
	}
	if checked < 10000 {
		t.Errorf("only %d occurrences compared; the generator is too timid", checked)
	}
}

func genSeries(rng *rand.Rand) (time.Time, Rule) {
	year := 2023 + rng.IntN(8) // 2024 and 2028 are leap years
	month := time.Month(1 + rng.IntN(12))
	day := 1 + rng.IntN(28)
	if rng.IntN(2) == 0 { // the last days of the month, where months differ
		day = 28 + rng.IntN(4)
	}
	start := time.Date(year, month, day, rng.IntN(24), 15*rng.IntN(4), 0, 0, Location())
	if start.Month() != month { // 30 February and the like: use the month's last day
		start = start.AddDate(0, 0, -start.Day())
	}
	r := Rule{Freq: Freq(1 + rng.IntN(3)), Interval: 1 + rng.IntN(4)}
	if rng.IntN(10) == 0 {
		r.Interval = 1 + rng.IntN(MaxInterval)
	}
	switch rng.IntN(3) {
	case 0:
		r.Count = 1 + rng.IntN(60)
	case 1:
		r.Until = start.Add(time.Duration(1+rng.IntN(500*24*60)) * time.Minute).UTC()
	}
	if r.Freq == Weekly && rng.IntN(3) > 0 {
		r.ByDay = []time.Weekday{start.Weekday()}
		for d := range time.Weekday(7) {
			if d != start.Weekday() && rng.IntN(3) == 0 {
				r.ByDay = append(r.ByDay, d)
			}
		}
		r.ByDay = sortDays(r.ByDay)
	}
	return start, r
}

func oracleSet(tb testing.TB, start time.Time, r Rule) *rrule.Set {
	tb.Helper()
	freq := map[Freq]rrule.Frequency{Daily: rrule.DAILY, Weekly: rrule.WEEKLY, Monthly: rrule.MONTHLY}[r.Freq]
	days := []rrule.Weekday{rrule.SU, rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA}
	opt := rrule.ROption{Freq: freq, Dtstart: start, Interval: r.Interval, Count: r.Count, Until: r.Until, Wkst: rrule.MO}
	for _, d := range r.ByDay {
		opt.Byweekday = append(opt.Byweekday, days[d])
	}
	rule, err := rrule.NewRRule(opt)
	if err != nil {
		tb.Fatal(err)
	}
	set := &rrule.Set{}
	set.RRule(rule)
	return set
}

func oracleFirst(set *rrule.Set, n int) []time.Time {
	var out []time.Time
	next := set.Iterator()
	for t, ok := next(); ok && len(out) < n; t, ok = next() {
		out = append(out, t)
	}
	return out
}
