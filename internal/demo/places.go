package demo

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/gazetteer"
)

// county is a countyInfo joined to the gazetteer's codes.
type county struct {
	*countyInfo
	code   string // KE-047
	name   string // the gazetteer's name, e.g. "Nairobi City"
	places []place
	// unresolved lists place specs whose sub-county the gazetteer lacks
	// under any of the given spellings; the tests report them.
	unresolved []string
}

// place is an estate, village or town where incidents happen.
type place struct {
	name    string
	subCode string // KE-047-03, or "" when the gazetteer lacks it
	station string // the police station that covers it; "" for the county's main one
}

// geography is the generator's view of Kenya.
type geography struct {
	counties []county // in countyTable order, official code 1 to 47
	byCol    [4]table // county choice for each weights column
}

// newGeography joins countyTable to the gazetteer. It is called once per run.
func newGeography() (*geography, error) {
	places, err := gazetteer.Kenya()
	if err != nil {
		return nil, err
	}
	g := &geography{counties: make([]county, len(countyTable))}
	for i := range countyTable {
		ci := &countyTable[i]
		code := "KE-" + pad3(ci.num)
		c := county{countyInfo: ci, code: code}
		var subs []haki.Place
		for _, p := range places {
			if p.Code == code {
				c.name = p.Name
			} else if p.ParentCode == code {
				subs = append(subs, p)
			}
		}
		if c.name == "" {
			return nil, fmt.Errorf("demo: the gazetteer has no county %s", code)
		}
		for _, spec := range ci.places {
			pl, ok := parsePlace(spec, subs)
			if !ok {
				c.unresolved = append(c.unresolved, spec)
			}
			c.places = append(c.places, pl)
		}
		g.counties[i] = c
	}
	for col := range g.byCol {
		ws := make([]int, len(countyTable))
		for i := range countyTable {
			ws[i] = countyTable[i].weights[col]
		}
		g.byCol[col] = newTable(ws...)
	}
	return g, nil
}

func pad3(n int) string {
	s := strconv.Itoa(n)
	return strings.Repeat("0", 3-len(s)) + s
}

// parsePlace reads "place/sub-county|other spelling/station". ok is false
// when a sub-county is named but the gazetteer has none of its spellings.
func parsePlace(spec string, subs []haki.Place) (pl place, ok bool) {
	parts := strings.SplitN(spec, "/", 3)
	pl = place{name: parts[0], station: parts[2]}
	if parts[1] == "" {
		return pl, true
	}
	pl.subCode = findSub(parts[1], subs)
	return pl, pl.subCode != ""
}

// findSub matches spellings exactly first, then as a prefix of the
// gazetteer's name, which copes with truncated names in the source list.
func findSub(spellings string, subs []haki.Place) string {
	alts := strings.Split(spellings, "|")
	for _, a := range alts {
		for _, s := range subs {
			if norm(s.Name) == norm(a) {
				return s.Code
			}
		}
	}
	for _, a := range alts {
		for _, s := range subs {
			if strings.HasPrefix(norm(s.Name), norm(a)) {
				return s.Code
			}
		}
	}
	return ""
}

// norm keeps only letters and digits, lower-cased, so that "Lunga Lunga",
// "Lungalunga" and "Murang’a" compare as people would.
func norm(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z':
			b = append(b, c+'a'-'A')
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			b = append(b, c)
		}
	}
	return string(b)
}

// pickCounty returns the index of a county drawn with the weights column.
func (g *geography) pickCounty(r *rand.Rand, col int) int { return g.byCol[col].pick(r) }

// pickPlace returns a place in the county. The first places listed are the
// known hotspots, so they are drawn more often.
func (c *county) pickPlace(r *rand.Rand) *place {
	n := len(c.places)
	if chance(r, 0.4) {
		n = min(n, 6)
	}
	return &c.places[r.IntN(n)]
}

// coords returns a point near the county's main town: the records carry
// coordinates for maps, and a few kilometres of scatter is enough.
func (c *county) coords(r *rand.Rand) (lat, lon *float64) {
	// The conversions stop the compiler fusing multiply and add, which
	// would change the last bits on some CPUs and break byte-identical runs.
	la := c.lat + float64((r.Float64()-0.5)*0.08)
	lo := c.lon + float64((r.Float64()-0.5)*0.08)
	return &la, &lo
}
