package importer

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/haki-kenya/haki"
)

// Gazetteer resolves the places a sheet names to the areas (level 1: a
// county, a state) and sub-areas (level 2) of one country, as loaded in
// the database.
type Gazetteer struct {
	areas   map[string]string // normalised name, code or official code -> area code
	subs    map[string]sub    // normalised sub-area name -> its area (and itself), or ambiguous
	names   map[string]string // area code -> name
	keys    []string          // normalised area names, for near misses
	keyCode []string
}

type sub struct {
	area, code string
	ambiguous  bool
}

// NewGazetteer indexes a country's places.
func NewGazetteer(places []haki.Place) *Gazetteer {
	g := &Gazetteer{areas: map[string]string{}, subs: map[string]sub{}, names: map[string]string{}}
	for _, p := range places {
		if p.Level != 1 {
			continue
		}
		g.names[p.Code] = p.Name
		for _, k := range []string{p.Name, p.Code, p.OfficialCode, trimSuffixWord(p.Name)} {
			if k = normPlace(k); k != "" {
				g.areas[k] = p.Code
			}
		}
		g.keys = append(g.keys, normPlace(p.Name))
		g.keyCode = append(g.keyCode, p.Code)
	}
	for _, p := range places {
		if p.Level != 2 || g.names[p.ParentCode] == "" {
			continue
		}
		k := normPlace(p.Name)
		if s, ok := g.subs[k]; ok && s.area != p.ParentCode {
			g.subs[k] = sub{ambiguous: true}
			continue
		}
		g.subs[k] = sub{area: p.ParentCode, code: p.Code}
	}
	return g
}

// Empty reports whether the gazetteer knows no area.
func (g *Gazetteer) Empty() bool { return len(g.names) == 0 }

// Name returns an area's name.
func (g *Gazetteer) Name(code string) string { return g.names[code] }

// PlaceMatch is where a sheet's place name was resolved to.
type PlaceMatch struct {
	Area, SubArea string // codes
	Place         string // what is left of the text when it named more than the area ("Kayole")
	Note          string // how it was read, when not by its exact name
}

// Resolve finds the area a sheet's text names: by its name, code or
// official code (ignoring case, spaces and punctuation, and a trailing
// "county", "city" or "state"); by the name of a sub-area, resolved to its
// area; by the parts of "Nairobi-Kayole" or "Bomet County- Sotik
// subcounty"; or, failing those, by a near spelling (one or two letters
// off) that only one area has. Anything else is refused, never guessed.
func (g *Gazetteer) Resolve(s string) (PlaceMatch, error) {
	if m, ok := g.exact(s); ok {
		return m, nil
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == ',' || r == '/' || r == '(' || r == ')' || r == ';' })
	if len(parts) > 1 {
		var found []PlaceMatch
		var rest []string
		for _, p := range parts {
			if m, ok := g.exact(p); ok {
				found = append(found, m)
			} else if strings.TrimSpace(p) != "" {
				rest = append(rest, strings.TrimSpace(p))
			}
		}
		if len(found) > 0 {
			m := found[0]
			for _, f := range found[1:] {
				if f.Area != m.Area {
					return PlaceMatch{}, haki.Errorf(haki.EINVALID, "The place names two areas, %s and %s: map it to one with a value mapping.", m.Area, f.Area)
				}
				if f.SubArea != "" {
					m.SubArea = f.SubArea
				}
			}
			m.Place = strings.Join(rest, ", ")
			m.Note = "Read as " + m.Area + "."
			return m, nil
		}
	}
	if m, ok := g.near(s); ok {
		return m, nil
	}
	return PlaceMatch{}, haki.Errorf(haki.EINVALID, "This is not a place the gazetteer knows: map it to an area with a value mapping.")
}

func (g *Gazetteer) exact(s string) (PlaceMatch, bool) {
	k := normPlace(s)
	if k == "" {
		return PlaceMatch{}, false
	}
	if c, ok := g.areas[k]; ok {
		return PlaceMatch{Area: c}, true
	}
	if c, ok := g.areas[normPlace(trimSuffixWord(s))]; ok {
		return PlaceMatch{Area: c}, true
	}
	if sb, ok := g.subs[k]; ok && !sb.ambiguous {
		return PlaceMatch{Area: sb.area, SubArea: sb.code, Place: strings.TrimSpace(s), Note: "A place in " + sb.area + "."}, true
	}
	if sb, ok := g.subs[normPlace(trimSuffixWord(s))]; ok && !sb.ambiguous {
		return PlaceMatch{Area: sb.area, SubArea: sb.code, Note: "A place in " + sb.area + "."}, true
	}
	return PlaceMatch{}, false
}

// near finds the one area whose name is within one edit (names up to six
// letters) or two edits of s.
func (g *Gazetteer) near(s string) (PlaceMatch, bool) {
	k := normPlace(trimSuffixWord(s))
	if len(k) < 4 {
		return PlaceMatch{}, false
	}
	limit := 1
	if len(k) > 6 {
		limit = 2
	}
	best, bestD, n := "", limit+1, 0
	for i, name := range g.keys {
		d := editDistance(k, name, limit)
		if d < bestD {
			best, bestD, n = g.keyCode[i], d, 1
		} else if d == bestD {
			n++
		}
	}
	if best == "" || n > 1 {
		return PlaceMatch{}, false
	}
	return PlaceMatch{Area: best, Note: "Spelling read as " + best + "."}, true
}

// normPlace lower-cases s and keeps only its letters and digits.
func normPlace(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// trimSuffixWord drops a trailing "county", "city", "state", "sub-county"
// or "subcounty" from a place's name.
func trimSuffixWord(s string) string {
	f := strings.Fields(strings.TrimSpace(s))
	for len(f) > 1 {
		switch strings.ToLower(strings.Trim(f[len(f)-1], ".,")) {
		case "county", "city", "state", "subcounty", "sub-county", "district", "province":
			f = f[:len(f)-1]
			continue
		}
		break
	}
	return strings.Join(f, " ")
}

// editDistance is the Levenshtein distance of a and b, or limit+1 when it
// is larger than limit.
func editDistance(a, b string, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		low := cur[0]
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
			low = min(low, cur[j])
		}
		if low > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	if prev[len(b)] > limit {
		return limit + 1
	}
	return prev[len(b)]
}

// ParseCoordinates reads "lat, lon" as written in sheets: "(-1.29, 36.82)",
// "-1.29,36.82", "-1.29 36.82".
func ParseCoordinates(s string) (lat, lon float64, ok bool, err error) {
	s = strings.TrimSpace(strings.Trim(strings.TrimSpace(s), "()[]"))
	if s == "" {
		return 0, 0, false, nil
	}
	f := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == ';' || r == '\t' || r == '\n' || r == '\r' })
	bad := haki.Errorf(haki.EINVALID, "This is not a pair of coordinates (latitude, longitude).")
	if len(f) != 2 {
		return 0, 0, false, bad
	}
	lat, err1 := strconv.ParseFloat(f[0], 64)
	lon, err2 := strconv.ParseFloat(f[1], 64)
	if err1 != nil || err2 != nil {
		return 0, 0, false, bad
	}
	return lat, lon, true, checkCoordinates(lat, lon)
}

func checkCoordinates(lat, lon float64) error {
	if lat < -90 || lat > 90 || lon < -180 || lon > 180 || lat != lat || lon != lon {
		return haki.Errorf(haki.EINVALID, "Latitude is between -90 and 90, longitude between -180 and 180.")
	}
	return nil
}
