package demo

import (
	"strconv"
	"strings"

	"github.com/haki-kenya/haki"
)

// story holds the sentences of a kind's narratives: an opening, a middle
// chosen by the incident's context and a close chosen by the first
// victim's status ("" is the fallback of both). Sentences are templates;
// see expand for the words in braces.
type story struct {
	open   []string
	middle map[string][]string
	close  map[string][]string
}

// followUps may end any narrative.
var followUps = []string{"The matter has been reported to the Independent Policing Oversight Authority (IPOA).",
	"A field monitor visited the scene and spoke to neighbours.", "Local media reported the incident the following day.",
	"The family has asked for the officers involved to be charged."}

// narrative writes two to four sentences about the incident. It names the
// first victim: the records are fiction, and real narratives do.
func (g *gen) narrative(d *draft) string {
	r := g.r
	st := stories[d.k.key]
	v := g.vars(d)
	var b strings.Builder
	b.Grow(512)
	expand(&b, oneOf(r, st.open), v)
	if m := st.middle[d.context]; len(m) > 0 {
		expand(&b, " "+oneOf(r, m), v)
	} else if m := st.middle[""]; len(m) > 0 && chance(r, 0.7) {
		expand(&b, " "+oneOf(r, m), v)
	}
	if c := st.close[d.victims[0].status]; len(c) > 0 {
		expand(&b, " "+oneOf(r, c), v)
	} else if c := st.close[""]; len(c) > 0 {
		expand(&b, " "+oneOf(r, c), v)
	}
	if n := len(d.victims) - 1; n > 0 {
		b.WriteString(" ")
		b.WriteString(others[min(n, len(others)-1)])
	}
	if chance(r, 0.3) {
		b.WriteString(" ")
		b.WriteString(oneOf(r, followUps))
	}
	return b.String()
}

var others = []string{"", "One other person was targeted in the same incident.", "Two other people were targeted in the same incident.",
	"Three other people were targeted in the same incident.", "Four other people were targeted in the same incident."}

// vars are the words a narrative's templates use.
type vars struct {
	when, who, perp, inst, place, county, how string
	male                                      bool
}

// vars fills the run's reused vars for the draft's narrative.
func (g *gen) vars(d *draft) *vars {
	v0 := &d.victims[0]
	v := &g.words
	*v = vars{when: dateWords(d.inc.Occurred), who: describe(v0), place: d.pl.name,
		county: d.c.name + " County", how: woundings[v0.method], male: v0.male, perp: "police officers"}
	switch {
	case d.k == &kinds[kTorture]:
		v.how = tortures[v0.method]
	case fatal(v0.status):
		v.how = hows[v0.method]
	}
	if v.how == "" {
		v.how = "ill-treated"
	}
	p := &d.perps[0]
	v.inst = g.heldAt(d)
	switch {
	case p.inst >= 0:
		v.perp = "officers from " + g.inst.all[p.inst].rec.Name
	case p.svc != svcUnknown:
		v.perp = "officers of the " + serviceNames[p.svc]
	default:
		v.perp = "unidentified officers"
	}
	if p.officer != "" {
		v.perp += " led by " + p.rank + " " + p.officer
	}
	return v
}

// heldAt names where a victim was held: the perpetrators' station, prison
// or camp, or else the police station covering the place, since units
// take those they arrest to the nearest cells.
func (g *gen) heldAt(d *draft) string {
	if p := d.perps[0].inst; p >= 0 && g.inst.all[p].rec.Kind != "unit" && g.inst.all[p].rec.Kind != "post" {
		return g.inst.all[p].rec.Name
	}
	if d.pl.station != "" {
		return d.pl.station
	}
	return g.inst.all[g.inst.main[d.ci]].rec.Name
}

// describe names a victim with what is known of them: "Kevin Otieno, a
// 23-year-old boda boda rider," or "an unidentified man".
func describe(v *victim) string {
	if v.nm.first == "" {
		if v.male {
			return "an unidentified man"
		}
		return "an unidentified woman"
	}
	s := v.nm.full()
	switch {
	case v.p == nil:
		return s + ", who had reported an earlier incident to us,"
	case v.age >= 0 && v.p.Occupation != "":
		return s + ", " + ageWords(v.age) + " " + v.p.Occupation + ","
	case v.age >= 0:
		return s + ", " + ageWords(v.age) + ","
	case v.p.Occupation != "":
		return s + ", " + article(v.p.Occupation) + " " + v.p.Occupation + ","
	}
	return s
}

// ageWords returns "a 23-year-old" or "an 18-year-old".
func ageWords(age int) string {
	a := "a "
	if age == 8 || age == 11 || age == 18 || age >= 80 && age < 90 {
		a = "an "
	}
	return a + strconv.Itoa(age) + "-year-old"
}

func article(word string) string {
	if strings.ContainsRune("aeiouAEIOU", rune(word[0])) {
		return "an"
	}
	return "a"
}

var months = [...]string{"", "January", "February", "March", "April", "May", "June", "July", "August",
	"September", "October", "November", "December"}

// dateWords returns the date as a sentence says it: "on 14 March 2024",
// "in March 2024", "around 2024".
func dateWords(f haki.FuzzyDate) string {
	y := strconv.Itoa(f.Date.Year())
	var s string
	switch f.Precision {
	case haki.PrecisionDay:
		s = "on " + strconv.Itoa(f.Date.Day()) + " " + months[f.Date.Month()] + " " + y
	case haki.PrecisionMonth:
		s = "in " + months[f.Date.Month()] + " " + y
	default:
		s = "in " + y
	}
	if f.Approx {
		_, rest, _ := strings.Cut(s, " ")
		s = "around " + rest
	}
	return s
}

// expand writes tpl with {when} {who} {perp} {inst} {place} {county} {how}
// {he} {his} {him} replaced; a capital first letter in the braces ({When},
// {He}) capitalises the word.
func expand(b *strings.Builder, tpl string, v *vars) {
	for {
		i := strings.IndexByte(tpl, '{')
		if i < 0 {
			b.WriteString(tpl)
			return
		}
		j := strings.IndexByte(tpl[i:], '}') + i
		b.WriteString(tpl[:i])
		key := tpl[i+1 : j]
		word := v.word(key)
		if key[0] >= 'A' && key[0] <= 'Z' && word != "" && word[0] >= 'a' && word[0] <= 'z' {
			b.WriteByte(word[0] - 'a' + 'A')
			word = word[1:]
		}
		b.WriteString(word)
		tpl = tpl[j+1:]
	}
}

func (v *vars) word(key string) string {
	switch key {
	case "when", "When":
		return v.when
	case "who", "Who":
		return v.who
	case "perp":
		return v.perp
	case "inst":
		return v.inst
	case "place":
		return v.place
	case "county":
		return v.county
	case "how":
		return v.how
	case "he", "He":
		return pick(v.male, "he", "she")
	case "his", "His":
		return pick(v.male, "his", "her")
	case "him":
		return pick(v.male, "him", "her")
	}
	return "{" + key + "}"
}

func pick(male bool, m, f string) string {
	if male {
		return m
	}
	return f
}
