package store

import (
	"cmp"
	"database/sql"
	"slices"
	"strings"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/vault"
)

// Candidate duplicate incidents, on demand. Blocking: the incidents are
// read once, ordered by county and date (the incidents_county_year index),
// and each is compared only with the incidents of its county at most
// f.Days before it (a sliding window of at most maxIncidentWindow), so the
// work grows with the number of incidents, not its square. Victims shared
// by two incidents come from one self-join of acts on the victim. A pair
// that could still reach the threshold then has its wording compared (the
// blind-index tokens of title and narrative: sealed text is never opened to
// compare), and the pairs listed have their titles opened for the caller.

// maxIncidentWindow bounds the incidents one is compared with.
const maxIncidentWindow = 200

// incidentThreshold is the least score a pair of incidents is listed with.
const incidentThreshold = 60

type incidentBlock struct {
	id, ref, county, on, precision, place string
	day, victims                          int
	placeWords                            []string // the words of place, read once
	searchTokens                          string   // the blind-index tokens of title and narrative
	tokens                                []string // searchTokens sorted, each once, when first needed
}

// wording returns the block's sorted distinct tokens.
func (b *incidentBlock) wording() []string {
	if b.tokens == nil {
		b.tokens = strings.Fields(b.searchTokens)
		slices.Sort(b.tokens)
		b.tokens = slices.Compact(b.tokens)
		b.searchTokens = ""
	}
	return b.tokens
}

// newBlock finishes a block read from the database.
func newBlock(b *incidentBlock) *incidentBlock {
	b.day, b.placeWords = dayNumber(b.on), vault.Words(b.place)
	return b
}

type incidentPair struct {
	a, b    *incidentBlock
	score   int
	reasons []haki.DuplicateReason
}

// incidentCandidates returns the scored candidate pairs of incidents.
func (tx *Tx) incidentCandidates(f haki.DuplicateFilter, dismissed map[[2]string]bool) ([]haki.DuplicatePair, error) {
	shared, err := tx.sharedVictims(f.CountyCode)
	if err != nil {
		return nil, err
	}
	pairs, err := tx.incidentWindows(f, dismissed, shared)
	if err != nil {
		return nil, err
	}
	compareWording(pairs)
	least := cutoff(pairs, f.Limit)
	pairs = slices.DeleteFunc(pairs, func(p *incidentPair) bool { return p.score < least })
	slices.SortFunc(pairs, func(x, y *incidentPair) int {
		return cmp.Or(y.score-x.score, cmp.Compare(x.a.ref, y.a.ref), cmp.Compare(x.b.ref, y.b.ref))
	})
	var out []haki.DuplicatePair
	for _, p := range pairs[:min(len(pairs), f.Limit)] {
		out = append(out, haki.DuplicatePair{Kind: haki.DuplicateIncident, Score: p.score, Reasons: p.reasons,
			First: incidentRecord(p.a), Second: incidentRecord(p.b)})
	}
	return out, nil
}

// cutoff is the least score among the best limit pairs (at least the
// threshold): only those can be listed, so only they are sorted.
func cutoff(pairs []*incidentPair, limit int) int {
	var n [256]int
	for _, p := range pairs {
		n[min(max(p.score, 0), 255)]++
	}
	seen := 0
	for s := 255; s > incidentThreshold; s-- {
		if seen += n[s]; seen >= limit {
			return s
		}
	}
	return incidentThreshold
}

// incidentRecord is one side of a pair, its title not yet opened (only
// the pairs listed are: labelIncidents).
func incidentRecord(b *incidentBlock) haki.DuplicateRecord {
	return haki.DuplicateRecord{ID: b.id, Ref: b.ref, CountyCode: b.county, Date: b.on}
}

// labelIncidents opens the titles of the incidents of the pairs listed.
func (tx *Tx) labelIncidents(pairs []haki.DuplicatePair) error {
	var ids []string
	for _, p := range pairs {
		if p.Kind == haki.DuplicateIncident {
			ids = append(ids, p.First.ID, p.Second.ID)
		}
	}
	titles, err := tx.incidentTitles(ids)
	if err != nil {
		return err
	}
	for i, p := range pairs {
		if p.Kind == haki.DuplicateIncident {
			pairs[i].First.Label, pairs[i].Second.Label = titles[p.First.ID], titles[p.Second.ID]
		}
	}
	return nil
}

// incidentWindows reads the visible incidents by county and date and
// scores each against those shortly before it in the same county.
func (tx *Tx) incidentWindows(f haki.DuplicateFilter, dismissed map[[2]string]bool, shared map[[2]string]int) ([]*incidentPair, error) {
	cond, args := visibleIncidents("i", tx.user)
	if f.CountyCode != "" {
		cond += " AND i.county_code = ?"
		args = append(args, f.CountyCode)
	}
	var window []*incidentBlock
	var out []*incidentPair
	err := scanRows(tx, `SELECT i.id, i.ref, i.county_code, i.occurred_on, i.date_precision, i.victim_count, i.place_name, i.search_tokens
		FROM incidents i WHERE `+cond+` ORDER BY i.county_code, i.occurred_year, i.occurred_on, i.id`, args, func(rows *sql.Rows) error {
		b := &incidentBlock{}
		if err := rows.Scan(&b.id, &b.ref, &b.county, &b.on, &b.precision, &b.victims, &b.place, &b.searchTokens); err != nil {
			return err
		}
		newBlock(b)
		keep := window[:0]
		for _, w := range window {
			if w.county == b.county && b.day-w.day <= f.Days {
				keep = append(keep, w)
			}
		}
		window = keep
		for _, w := range window {
			if dismissed[pairKey(w.id, b.id)] {
				continue
			}
			if p := scoreIncidents(w, b, shared[pairKey(w.id, b.id)]); p != nil {
				out = append(out, p)
			}
		}
		if len(window) == maxIncidentWindow {
			window = window[1:]
		}
		window = append(window, b)
		return nil
	})
	return out, err
}

// dayNumber is the day of an ISO date, counted from 1970.
func dayNumber(iso string) int {
	t, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		return 0
	}
	return int(t.Unix() / 86400)
}

// scoreIncidents scores two incidents of one county by date, victims and
// place; nil when they cannot reach the threshold even with similar
// wording. Most pairs of a window fail, so the score is summed first and
// the reasons written only for those that may pass.
func scoreIncidents(a, b *incidentBlock, sharedVictims int) *incidentPair {
	day := string(haki.PrecisionDay)
	d := b.day - a.day
	score, date := 10, haki.ReasonSameCounty // every pair is of one county
	switch {
	case a.precision == day && b.precision == day && d == 0:
		score, date = score+30, haki.ReasonSameDate
	case a.precision == day && b.precision == day:
		score, date = score+max(30-3*d, 5), haki.ReasonDatesApart
	case a.on == b.on:
		score, date = score+10, haki.ReasonSamePeriod
	default:
		return nil
	}
	if sharedVictims > 0 {
		score += 40
	}
	sameCount := a.victims > 0 && a.victims == b.victims
	if sameCount {
		score += 15
	}
	place := ""
	switch pa, pb := a.placeWords, b.placeWords; {
	case len(pa) > 0 && slices.Equal(pa, pb):
		score, place = score+20, haki.ReasonSamePlace
	case shareWord(pa, pb):
		score, place = score+10, haki.ReasonPlaceAlike
	}
	if score+wordingScore < incidentThreshold {
		return nil
	}
	p := &incidentPair{a: a, b: b, score: score}
	if sharedVictims > 0 {
		p.reasons = append(p.reasons, haki.DuplicateReason{Code: haki.ReasonSharedVictims, N: sharedVictims})
	}
	if date == haki.ReasonDatesApart {
		p.reasons = append(p.reasons, haki.DuplicateReason{Code: date, N: d})
	} else if date != haki.ReasonSameCounty {
		p.reasons = append(p.reasons, haki.DuplicateReason{Code: date})
	}
	p.reasons = append(p.reasons, haki.DuplicateReason{Code: haki.ReasonSameCounty})
	if sameCount {
		p.reasons = append(p.reasons, haki.DuplicateReason{Code: haki.ReasonSameVictimCount, N: a.victims})
	}
	if place != "" {
		p.reasons = append(p.reasons, haki.DuplicateReason{Code: place})
	}
	return p
}

func shareWord(a, b []string) bool {
	for _, w := range a {
		if len(w) >= 3 && slices.Contains(b, w) {
			return true
		}
	}
	return false
}

// wordingScore is what similar titles and narratives add.
const wordingScore = 20

// compareWording adds similar wording to the pairs whose titles and
// narratives share at least a quarter of their words (by token).
func compareWording(pairs []*incidentPair) {
	for _, p := range pairs {
		if jaccard(p.a.wording(), p.b.wording()) >= 0.25 {
			p.score += wordingScore
			p.reasons = append(p.reasons, haki.DuplicateReason{Code: haki.ReasonSimilarWording})
		}
	}
}

// jaccard is the share of words two sorted sets of distinct tokens have
// in common (of those in either).
func jaccard(a, b []string) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	both := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch c := strings.Compare(a[i], b[j]); {
		case c == 0:
			both++
			i++
			j++
		case c < 0:
			i++
		default:
			j++
		}
	}
	return float64(both) / float64(len(a)+len(b)-both)
}

// sharedVictims counts, for each pair of incidents (in a county, if one is
// given), the victims they share.
func (tx *Tx) sharedVictims(county string) (map[[2]string]int, error) {
	q := `SELECT a1.incident_id, a2.incident_id, COUNT(DISTINCT a1.victim_id) FROM acts a1
		JOIN acts a2 ON a2.victim_id = a1.victim_id AND a2.incident_id > a1.incident_id`
	var args []any
	if county != "" {
		q += ` JOIN incidents c1 ON c1.id = a1.incident_id AND c1.county_code = ?`
		args = append(args, county)
	}
	out := map[[2]string]int{}
	err := scanRows(tx, q+` GROUP BY a1.incident_id, a2.incident_id`, args, func(rows *sql.Rows) error {
		var a, b string
		var n int
		if err := rows.Scan(&a, &b, &n); err != nil {
			return err
		}
		out[pairKey(a, b)] = n
		return nil
	})
	return out, err
}

// incidentTitles opens the titles of the incidents for a caller who sees
// identities (the title may name the victim); others get none.
func (tx *Tx) incidentTitles(ids []string) (map[string]string, error) {
	out := map[string]string{}
	if len(ids) == 0 || !tx.user.Role.SeesIdentities() {
		return out, nil
	}
	for batch := range slices.Chunk(dedupe(ids), 500) {
		err := scanRows(tx, `SELECT `+incidentColumns+` FROM `+incidentFrom+` WHERE i.id IN (`+placeholders(len(batch))+`)`, anySlice(batch),
			func(rows *sql.Rows) error {
				inc, err := tx.scanIncident(rows, true)
				if err != nil {
					return err
				}
				out[inc.ID] = inc.Title
				return nil
			})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
