package demo

import (
	"math/rand/v2"
	"testing"

	"github.com/haki-kenya/haki"
)

// Every place's sub-county is in the gazetteer under one of its spellings,
// and every station a place names is an institution.
func TestPlacesResolve(t *testing.T) {
	geo, err := newGeography()
	if err != nil {
		t.Fatal(err)
	}
	is := newInstitutions(rand.New(rand.NewPCG(1, 2)), geo)
	for _, c := range geo.counties {
		if len(c.unresolved) > 0 {
			t.Errorf("%s: sub-counties not in the gazetteer: %q", c.name, c.unresolved)
		}
		if len(c.places) < 3 {
			t.Errorf("%s has %d places", c.name, len(c.places))
		}
		for _, p := range c.places {
			if _, ok := is.byName[p.station]; p.station != "" && !ok {
				t.Errorf("%s: station %q of %s is not an institution", c.name, p.station, p.name)
			}
			if c.num == 47 && p.station == "" {
				t.Errorf("Nairobi place %s has no station", p.name)
			}
		}
	}
	if c := geo.counties[nairobi]; c.code != "KE-047" {
		t.Errorf("county %d is %s, want Nairobi", nairobi, c.code)
	}
}

func TestFindSub(t *testing.T) {
	subs := []haki.Place{{Code: "KE-047-03", Name: "Embakasi Central Sub Count"}, {Code: "KE-002-02", Name: "Lungalunga"},
		{Code: "KE-021-08", Name: "Murang’a South"}, {Code: "KE-011-01", Name: "Central"}}
	tests := []struct{ spec, want string }{
		{"Embakasi Central", "KE-047-03"},
		{"Lunga Lunga", "KE-002-02"},
		{"Murang'a South", "KE-021-08"},
		{"Isiolo Central|Central", "KE-011-01"},
		{"Matayos", ""},
	}
	for _, tc := range tests {
		if got := findSub(tc.spec, subs); got != tc.want {
			t.Errorf("findSub(%q) = %q, want %q", tc.spec, got, tc.want)
		}
	}
}
