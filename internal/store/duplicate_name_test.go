package store

import (
	"testing"

	"github.com/haki-kenya/haki"
)

// TestNameMatch: names as Kenyan names are written agree in any order,
// spelled several ways and with initials; different names do not.
func TestNameMatch(t *testing.T) {
	for _, tc := range []struct {
		x, y   string
		shared int
		all    bool
	}{
		{"John Kamau Mwangi", "Kamau John M.", 2, true},
		{"John Kamau Mwangi", "Mwangi Kamau", 2, true},
		{"Wanjiru Njeri", "Wanjiro Njeri", 2, true},
		{"Mohamed Abdi Hassan", "Muhammad Hassan", 2, true},
		{"Achieng Atieno", "Atieno Achieng Odhiambo", 2, true},
		{"Otieno Juma", "Ochieng Juma", 1, false},
		{"John Kamau", "John Otieno", 1, false},
		{"J. K. M.", "John Kamau Mwangi", 0, false},
		{"Kamau", "Kamau", 1, true},
		{"", "John", 0, false},
	} {
		shared, all := nameMatch(tc.x, tc.y)
		if shared != tc.shared || all != tc.all {
			t.Errorf("nameMatch(%q, %q) = %d, %v; want %d, %v", tc.x, tc.y, shared, all, tc.shared, tc.all)
		}
	}
}

// TestPersonScore: the same ID number with names alike lists; the same
// name with another sex and thirty years apart does not.
func TestPersonScore(t *testing.T) {
	a := &haki.Person{FullName: "John Kamau Mwangi", Sex: "male", NationalID: "23456789", BirthDate: haki.MustFuzzyDate("1990")}
	for _, tc := range []struct {
		name string
		b    *haki.Person
		list bool
	}{
		{"same ID, names alike", &haki.Person{FullName: "Kamau John M.", Sex: "male", NationalID: "23 456 789"}, true},
		{"same ID alone", &haki.Person{FullName: "Peter Odhiambo", NationalID: "23456789"}, true},
		{"names alike, same sex and year", &haki.Person{FullName: "Mwangi John Kamau", Sex: "male", BirthDate: haki.MustFuzzyDate("1991")}, true},
		{"names alike, other IDs", &haki.Person{FullName: "John Kamau Mwangi", Sex: "male", NationalID: "11111111"}, false},
		{"names alike, thirty years apart", &haki.Person{FullName: "John Kamau Mwangi", Sex: "female", BirthDate: haki.MustFuzzyDate("1960")}, false},
		{"one name shared", &haki.Person{FullName: "John Otieno", Sex: "male"}, false},
	} {
		score, reasons := personScore(a, tc.b)
		if got := score >= personThreshold; got != tc.list {
			t.Errorf("%s: score %d %v", tc.name, score, reasons)
		}
	}
}
