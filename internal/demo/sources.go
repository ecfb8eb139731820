package demo

import (
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/haki-kenya/haki"
)

// Source kinds, in the order of the tables below.
var sourceKinds = []string{"survivor", "family", "witness", "professional", "media", "public_report", "partner", "official"}

var (
	sourceCount = newTable(45, 35, 20) // 1, 2 or 3 sources
	// When a victim is dead or missing the family speaks for them and the
	// media report the killing; otherwise survivors speak for themselves.
	sourcesAbsent   = newTable(0, 35, 15, 5, 25, 5, 10, 5)
	sourcesSurvivor = newTable(40, 5, 15, 10, 10, 8, 12, 5)
	reliability     = newCodes(w{"confirmed", 20}, w{"probably_true", 45}, w{"possibly_true", 20},
		w{"doubtful", 8}, w{"cannot_judge", 7})
	reliabilityVerified = newCodes(w{"confirmed", 35}, w{"probably_true", 50}, w{"possibly_true", 12},
		w{"doubtful", 3})
)

// outlet is a Kenyan news outlet and how its article addresses look.
type outlet struct {
	name string
	url  func(r *rand.Rand, d *draft, slug string) string
}

var outlets = []outlet{
	{"Daily Nation", func(r *rand.Rand, d *draft, slug string) string {
		return "https://nation.africa/kenya/counties/" + norm(d.c.town) + "/" + slug + "-" + digits(r, 7, '1')
	}},
	{"The Standard", func(r *rand.Rand, d *draft, slug string) string {
		return "https://www.standardmedia.co.ke/" + norm(d.c.town) + "/article/2001" + digits(r, 6, '1') + "/" + slug
	}},
	{"The Star", func(r *rand.Rand, d *draft, slug string) string {
		return "https://www.the-star.co.ke/counties/" + d.t.Format(time.DateOnly) + "-" + slug
	}},
	{"Citizen Digital", func(r *rand.Rand, d *draft, slug string) string {
		return "https://www.citizen.digital/news/" + slug + "-n3" + digits(r, 5, '0')
	}},
	{"Taifa Leo", func(r *rand.Rand, d *draft, slug string) string {
		return "https://taifaleo.nation.co.ke/habari/" + slug
	}},
	{"NTV Kenya", func(r *rand.Rand, d *draft, slug string) string { return "https://ntvkenya.co.ke/news/" + slug + "/" }},
	{"Kenya News Agency", func(r *rand.Rand, d *draft, slug string) string {
		return "https://www.kenyanews.go.ke/" + slug + "/"
	}},
}

var (
	witnessNotes = []string{"Neighbour who saw what happened", "Fellow rider at the boda boda stage",
		"Trader at the market", "Cellmate at the police station", "Relative who was present", "Passer-by, by phone"}
	familyNotes = []string{"Mother of the victim, at the family home", "Brother of the victim, by phone",
		"Widow of the victim, at the mortuary", "Family spokesperson at a press briefing", "Uncle of the victim"}
	survivorNotes = []string{"Statement recorded at intake", "Interview by a field monitor",
		"Statement taken at the hospital", "Interview at a safe location"}
	professionalNotes = []string{"Medical examination by a network doctor", "P3 form filled by a network clinical officer",
		"Psychological assessment by a network counsellor"}
	publicNotes  = []string{"Report through the public portal", "SMS report to the short code", "Anonymous report through the public portal"}
	partnerNotes = []string{"Referral from a community social justice centre", "Referral from a legal aid clinic",
		"Referral from a faith-based human-rights desk", "Report shared by a coalition partner"}
)

// emitSources emits one to three sources for the incident.
func (g *gen) emitSources(d *draft) {
	r := g.r
	kindTable, survivor := &sourcesAbsent, -1
	for j := range d.victims {
		if !absent(d.victims[j].status) {
			kindTable, survivor = &sourcesSurvivor, j
			break
		}
	}
	var used [8]bool
	for range sourceCount.pick(r) + 1 {
		k := kindTable.pick(r)
		for try := 0; used[k] && try < 3; try++ {
			k = kindTable.pick(r)
		}
		if used[k] {
			continue
		}
		used[k] = true
		g.source(g.newSource(d, k, survivor))
	}
}

func (g *gen) newSource(d *draft, k, survivor int) *haki.Source {
	r := g.r
	s := &haki.Source{ID: g.ids.next(r), IncidentID: d.inc.ID, Kind: sourceKinds[k], Reliability: reliability.pick(r), Version: 1}
	if d.inc.Verification == "verified" {
		s.Reliability = reliabilityVerified.pick(r)
	}
	days := int(d.created.Sub(d.t).Hours() / 24)
	s.SourceDate = haki.FuzzyDate{Date: d.t.AddDate(0, 0, r.IntN(days+1)), Precision: haki.PrecisionDay}
	switch s.Kind {
	case "survivor":
		s.PersonID, s.Description = d.victims[survivor].id, oneOf(r, survivorNotes)
	case "family":
		s.Description = oneOf(r, familyNotes)
		if d.client != nil && d.client.relative != nil {
			s.PersonID = d.client.relative.ID
			s.Description = d.client.label + " of the victim, interviewed at intake"
		}
	case "witness":
		s.Description = oneOf(r, witnessNotes)
	case "professional":
		s.Description = oneOf(r, professionalNotes)
		if absent(d.victims[0].status) {
			s.Description = "Post-mortem or search report by a network pathologist"
		}
	case "media":
		o := oneOf(r, outlets)
		s.Outlet, s.URL = o.name, o.url(r, d, slug(d.inc.Title))
		s.SourceDate.Date = d.t.AddDate(0, 0, r.IntN(min(days, 3)+1))
	case "public_report":
		s.Description = oneOf(r, publicNotes)
	case "partner":
		s.Description = oneOf(r, partnerNotes)
	case "official":
		s.Description = g.obEntry(d)
	}
	return s
}

// obEntry cites the Occurrence Book of the station, numbered as police
// stations do: entry/day/month/year.
func (g *gen) obEntry(d *draft) string {
	b := make([]byte, 0, 80)
	b = append(b, "Occurrence Book entry OB "...)
	b = strconv.AppendInt(b, int64(between(g.r, 1, 60)), 10)
	b = append(b, '/')
	b = strconv.AppendInt(b, int64(d.t.Day()), 10)
	b = append(b, '/')
	b = strconv.AppendInt(b, int64(d.t.Month()), 10)
	b = append(b, '/')
	b = strconv.AppendInt(b, int64(d.t.Year()), 10)
	b = append(b, " at "...)
	b = append(b, g.inst.all[g.inst.main[d.ci]].rec.Name...)
	return string(b)
}

// slug turns a title into the last part of an article's address.
func slug(title string) string {
	b := make([]byte, 0, len(title))
	dash := false
	for i := 0; i < len(title); i++ {
		c := title[i]
		switch {
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		default:
			dash = len(b) > 0
			continue
		}
		if dash {
			b = append(b, '-')
			dash = false
		}
		b = append(b, c)
	}
	return string(b)
}
