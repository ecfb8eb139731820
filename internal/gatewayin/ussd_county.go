package gatewayin

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/haki-kenya/haki/internal/gazetteer"
)

// County is one of Kenya's 47 counties as the menu lists it: by its
// official number (1 Mombasa to 47 Nairobi City), which a caller may type
// from any page.
type County struct {
	Number int
	Code   string // "KE-001"
	Name   string
	words  []string // the name's words, folded, for matching what is typed
	folded string   // the whole name, folded
}

// Counties returns the counties of the gazetteer in number order.
func Counties() ([]County, error) {
	places, err := gazetteer.Kenya()
	if err != nil {
		return nil, err
	}
	var out []County
	for _, p := range places {
		if p.Level != 1 {
			continue
		}
		n, err := strconv.Atoi(p.OfficialCode)
		if err != nil {
			return nil, err
		}
		c := County{Number: n, Code: p.Code, Name: p.Name, folded: fold(p.Name)}
		for _, w := range strings.FieldsFunc(p.Name, func(r rune) bool { return r == ' ' || r == '-' }) {
			c.words = append(c.words, fold(w))
		}
		out = append(out, c)
	}
	return out, nil
}

// fold keeps a name's letters only, in lower case: "Murang'a" and
// "muranga", "Elgeyo-Marakwet" and "elgeyo marakwet" are the same.
func fold(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, s)
}

// MatchCounty returns the indexes of the counties that what a caller typed
// names: a whole name wins alone; otherwise every county whose name, or a
// word of it, starts with the three or more letters typed.
func MatchCounty(counties []County, typed string) []int {
	f := fold(typed)
	if len(f) < 3 {
		return nil
	}
	var found []int
	for i, c := range counties {
		if c.folded == f {
			return []int{i}
		}
		if strings.HasPrefix(c.folded, f) {
			found = append(found, i)
			continue
		}
		for _, w := range c.words {
			if strings.HasPrefix(w, f) {
				found = append(found, i)
				break
			}
		}
	}
	return found
}
