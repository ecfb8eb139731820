package demo

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"time"

	"github.com/haki-kenya/haki"
)

// What became of the perpetrators: few of them are ever arrested, fewer
// charged, and a verdict takes years. The rates are rough, for a demo
// whose report shows the figures, not a model of any real list.

// perpOutcomes returns what became of the i-th perpetrator of an incident
// on day t, up to now. It draws from its own generator, seeded by the
// incident and the perpetrator, so the rest of the demo stays as it was
// and every victim's act gets the same story of the same officer.
func perpOutcomes(incidentID string, i int, p *perp, t, now time.Time) []haki.Outcome {
	h := fnv.New64a()
	h.Write([]byte(incidentID))
	r := rand.New(rand.NewPCG(h.Sum64(), uint64(i)))
	if p.svc == svcUnknown || !chance(r, 0.12) {
		return nil
	}
	var out []haki.Outcome
	day := t
	add := func(kind string, afterDays [2]int, sources ...string) bool {
		day = day.AddDate(0, 0, between(r, afterDays[0], afterDays[1]))
		if day.After(now) {
			return false
		}
		src := sources[r.IntN(len(sources))]
		d := haki.FuzzyDate{Date: day, Precision: haki.PrecisionDay}
		if src == "news" && chance(r, 0.3) {
			d = haki.FuzzyDate{Date: time.Date(day.Year(), day.Month(), 1, 0, 0, 0, 0, time.UTC), Precision: haki.PrecisionMonth}
		}
		out = append(out, haki.Outcome{Kind: kind, Date: d, SourceKind: src, SourceRef: outcomeRef(r, src, day)})
		return true
	}
	if !chance(r, 0.8) { // disciplined without an arrest
		add(haki.OutcomeDisciplined, [2]int{30, 400}, "oversight_authority", "police_statement")
		return out
	}
	if !add(haki.OutcomeArrested, [2]int{1, 60}, "news", "oversight_authority", "police_statement") || !chance(r, 0.6) {
		return out
	}
	if !add(haki.OutcomeCharged, [2]int{7, 120}, "court_record", "oversight_authority", "news") || !chance(r, 0.35) {
		return out
	}
	verdict := []string{haki.OutcomeConvicted, haki.OutcomeConvicted, haki.OutcomeAcquitted, haki.OutcomeAcquitted, haki.OutcomeCaseWithdrawn}
	add(verdict[r.IntN(len(verdict))], [2]int{180, 1100}, "court_record", "news")
	return out
}

// outcomeRef makes up a reference of the kind the source gives; never a name.
func outcomeRef(r *rand.Rand, src string, day time.Time) string {
	switch src {
	case "oversight_authority":
		return fmt.Sprintf("IPOA/INV/%d/%03d", day.Year(), between(r, 1, 999))
	case "court_record":
		return fmt.Sprintf("Criminal case E%03d of %d", between(r, 1, 999), day.Year())
	case "news":
		return "Officer held over killing, police say"
	}
	return ""
}
