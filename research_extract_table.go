package haki

import (
	"slices"
	"strconv"
	"strings"
)

// ExtractTable holds the rows of an extract compactly: each field is an
// index into one dictionary of the codes seen, so a row costs 44 bytes
// whatever its codes, and 1.3 million rows about 57 MB. The dictionary is
// small (months, counties, codes and their combinations: thousands).
type ExtractTable struct {
	codes []string
	index map[string]uint32
	rows  [][extractFields]uint32
}

// NewExtractTable returns an empty table.
func NewExtractTable() *ExtractTable { return &ExtractTable{index: map[string]uint32{}} }

// Add appends a row.
func (t *ExtractTable) Add(r ExtractRow) {
	var row [extractFields]uint32
	for i, v := range r.fields() {
		row[i] = t.intern(v)
	}
	t.rows = append(t.rows, row)
}

// Len is the number of rows.
func (t *ExtractTable) Len() int { return len(t.rows) }

func (t *ExtractTable) intern(s string) uint32 {
	if i, ok := t.index[s]; ok {
		return i
	}
	i := uint32(len(t.codes))
	t.codes = append(t.codes, s)
	t.index[s] = i
	return i
}

// qiLadder is a quasi-identifier's generalisation ladder: the name of
// each level, the first being the value as recorded, the last "any".
type qiLadder struct {
	levels []string
	gen    func(level int, v string, regions map[string]string) string
}

var qiLadders = map[string]qiLadder{
	QICounty: {[]string{"county", "region", ExtractAny}, func(level int, v string, regions map[string]string) string {
		if r := regions[v]; level == 1 && r != "" {
			return r
		}
		return ExtractAny
	}},
	QISex:          {[]string{"sex", ExtractAny}, anyLevel},
	QIIncidentType: {[]string{"types", ExtractAny}, anyLevel},
	QIService:      {[]string{"services", ExtractAny}, anyLevel},
	QIAgeBand:      {[]string{"band", "minor_or_adult", ExtractAny}, genAgeBand},
	QIMonth:        {[]string{"month", "quarter", "year", ExtractAny}, genMonth},
}

func anyLevel(int, string, map[string]string) string { return ExtractAny }

// genAgeBand widens a band to under 18 ("0-17") or 18 and over ("18+"),
// the line the law draws; an unknown age stays unknown.
func genAgeBand(level int, v string, _ map[string]string) string {
	if level > 1 {
		return ExtractAny
	}
	lo, hi, ok := bandBounds(v)
	switch {
	case !ok:
		return v
	case hi < 18:
		return "0-17"
	case lo >= 18:
		return "18+"
	}
	return v
}

// bandBounds reads a band code such as "18-34" or "35+" (hi 999).
func bandBounds(v string) (lo, hi int, ok bool) {
	if s, found := strings.CutSuffix(v, "+"); found {
		lo, err := strconv.Atoi(s)
		return lo, 999, err == nil
	}
	a, b, found := strings.Cut(v, "-")
	lo, err1 := strconv.Atoi(a)
	hi, err2 := strconv.Atoi(b)
	return lo, hi, found && err1 == nil && err2 == nil
}

// genMonth widens "2024-05" to "2024-Q2", then "2024"; a value known only
// to the year stays the year.
func genMonth(level int, v string, _ map[string]string) string {
	if level >= 3 {
		return ExtractAny
	}
	if v == "unknown" { // an incident whose date is unknown
		return v
	}
	if len(v) != 7 || level == 2 {
		if len(v) >= 4 {
			return v[:4]
		}
		return v
	}
	m, err := strconv.Atoi(v[5:])
	if err != nil || m < 1 || m > 12 {
		return v[:4]
	}
	return v[:4] + "-Q" + strconv.Itoa((m+2)/3)
}

// generaliser maps each field's codes, by index, to their value at the
// levels chosen: identity for fields that are not quasi-identifiers.
type generaliser [extractFields][]uint32

// generaliser builds the maps for levels (by quasi-identifier). New
// values are interned; the maps cover the codes interned before.
func (t *ExtractTable) generaliser(levels map[string]int, regions map[string]string) generaliser {
	var g generaliser
	n := len(t.codes)
	for f := range extractFields {
		g[f] = make([]uint32, n)
		for c := range n {
			g[f][c] = uint32(c)
		}
	}
	for qi, level := range levels {
		if level == 0 {
			continue
		}
		f := qiField[qi]
		for c := range n {
			g[f][c] = t.intern(qiLadders[qi].gen(level, t.codes[c], regions))
		}
	}
	return g
}

// ranks returns each code's place in string order, so rows can be sorted
// by comparing numbers.
func (t *ExtractTable) ranks() []uint32 {
	order := make([]uint32, len(t.codes))
	for i := range order {
		order[i] = uint32(i)
	}
	slices.SortFunc(order, func(a, b uint32) int { return strings.Compare(t.codes[a], t.codes[b]) })
	rank := make([]uint32, len(t.codes))
	for r, c := range order {
		rank[c] = uint32(r)
	}
	return rank
}
