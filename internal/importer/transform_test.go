package importer

import (
	"testing"

	"github.com/haki-kenya/haki"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in         string
		monthFirst bool
		want       string // FuzzyDate.String(), or "error"
	}{
		{"", false, ""},
		{"2016-01-31", false, "2016-01-31"},
		{"2016-01-31T10:00:00Z", false, "2016-01-31"},
		{"2016-01-31 10:00:00", false, "2016-01-31"},
		{"31/01/2016", false, "2016-01-31"},
		{"03/04/2016", false, "2016-04-03"},
		{"03/04/2016", true, "2016-03-04"},
		{"01/31/2016", false, "2016-01-31"}, // the day cannot be the month
		{"31.01.2016", false, "2016-01-31"},
		{"31-Jan-2016", false, "2016-01-31"},
		{"1-Jan 2016", false, "2016-01-01"}, // a day-month column joined to a year column
		{"31 January 2016", false, "2016-01-31"},
		{"January 31, 2016", false, "2016-01-31"},
		{"1st March 2015", false, "2015-03-01"},
		{"Apr 2013", false, "2013-04"},
		{"Apr   2013", false, "2013-04"},
		{"Agosti 2015", false, "2015-08"},
		{"2016-01", false, "2016-01"},
		{"01/2016", false, "2016-01"},
		{"2016", false, "2016"},
		{"about 2016", false, "~2016"},
		{"c. March 2015", false, "~2015-03"},
		{"Late 2007", false, "~2007"},
		{"mid-March 2015", false, "~2015-03"},
		{"Jue 7 2007", false, "error"}, // a misspelt month is not guessed
		{"1/2/16", true, "2016-01-02"},
		{"1/2/98", false, "1998-02-01"},
		{"1-Jan", false, "error"}, // no year
		{"Apr", false, "error"},
		{"15-Aug", false, "error"}, // not August 2015
		{"31/02/2016", false, "error"},
		{"2016-13", false, "error"},
		{"1850", false, "error"},
		{"yesterday", false, "error"},
		{"13/13/2016", false, "error"},
	}
	for _, tc := range tests {
		d, err := ParseDate(tc.in, tc.monthFirst)
		got := d.String()
		if err != nil {
			got = "error"
		}
		if got != tc.want {
			t.Errorf("ParseDate(%q, %v) = %q (%v), want %q", tc.in, tc.monthFirst, got, err, tc.want)
		}
	}
}

func TestParseAge(t *testing.T) {
	tests := []struct {
		in        string
		years     int
		estimated bool
		ok        bool
		err       bool
	}{
		{"", 0, false, false, false},
		{"N/A", 0, false, false, false},
		{"30", 30, false, true, false},
		{"30 years", 30, false, true, false},
		{"30 yrs old", 30, false, true, false},
		{"about 30", 30, true, true, false},
		{"~30", 30, true, true, false},
		{"30?", 30, true, true, false},
		{"30-35", 32, true, true, false},
		{"20s", 25, true, true, false},
		{"Mid 20s", 25, true, true, false},
		{"early 30s", 32, true, true, false},
		{"late 40's", 48, true, true, false},
		{"Teenager", 16, true, true, false},
		{"late teens", 18, true, true, false},
		{"child", 10, true, true, false},
		{"miaka 40", 40, false, true, false},
		{"150", 0, false, false, true},
		{"tall", 0, false, false, true},
		{"35-30", 0, false, false, true},
	}
	for _, tc := range tests {
		a, ok, err := ParseAge(tc.in)
		if (err != nil) != tc.err || ok != tc.ok || a.Years != tc.years || a.Estimated != tc.estimated {
			t.Errorf("ParseAge(%q) = %+v %v %v, want %d %v %v err %v", tc.in, a, ok, err, tc.years, tc.estimated, tc.ok, tc.err)
		}
	}
}

// kenyaPlaces is a small gazetteer in the shape the store returns.
func kenyaPlaces() []haki.Place {
	return []haki.Place{
		{Code: "KE-001", Country: "KE", Level: 1, Name: "Mombasa", OfficialCode: "001"},
		{Code: "KE-001-04", Country: "KE", Level: 2, ParentCode: "KE-001", Name: "Likoni"},
		{Code: "KE-003", Country: "KE", Level: 1, Name: "Kilifi", OfficialCode: "003"},
		{Code: "KE-003-04", Country: "KE", Level: 2, ParentCode: "KE-003", Name: "Malindi"},
		{Code: "KE-021", Country: "KE", Level: 1, Name: "Murang'a", OfficialCode: "021"},
		{Code: "KE-035", Country: "KE", Level: 1, Name: "Kericho", OfficialCode: "035"},
		{Code: "KE-036", Country: "KE", Level: 1, Name: "Bomet", OfficialCode: "036"},
		{Code: "KE-036-04", Country: "KE", Level: 2, ParentCode: "KE-036", Name: "Sotik"},
		{Code: "KE-042", Country: "KE", Level: 1, Name: "Kisumu", OfficialCode: "042"},
		{Code: "KE-047", Country: "KE", Level: 1, Name: "Nairobi City", OfficialCode: "047"},
		{Code: "KE-047-01", Country: "KE", Level: 2, ParentCode: "KE-047", Name: "Embakasi"},
		{Code: "KE-012", Country: "KE", Level: 1, Name: "Meru", OfficialCode: "012"},
		{Code: "KE-019", Country: "KE", Level: 1, Name: "Nyeri", OfficialCode: "019"},
		{Code: "KE-010", Country: "KE", Level: 1, Name: "Marsabit", OfficialCode: "010"},
	}
}

func TestGazetteerResolve(t *testing.T) {
	g := NewGazetteer(kenyaPlaces())
	tests := []struct {
		in, area, sub, place string
		note, err            bool
	}{
		{"Nairobi", "KE-047", "", "", false, false},
		{" nairobi  city ", "KE-047", "", "", false, false},
		{"NAIROBI COUNTY", "KE-047", "", "", false, false},
		{"047", "KE-047", "", "", false, false},
		{"KE-001", "KE-001", "", "", false, false},
		{"Muranga", "KE-021", "", "", false, false}, // punctuation ignored
		{"Likoni", "KE-001", "KE-001-04", "Likoni", true, false},
		{"Malindi", "KE-003", "KE-003-04", "Malindi", true, false},
		{"Nairobi-Kayole", "KE-047", "", "Kayole", true, false},
		{"Bomet County- Sotik subcounty", "KE-036", "KE-036-04", "", true, false},
		{"Kisumu - Nyalenda slums", "KE-042", "", "Nyalenda slums", true, false},
		{"Mombassa", "KE-001", "", "", true, false}, // one letter off
		{"Nyeri- Solio Ranch", "KE-019", "", "Solio Ranch", true, false},
		{"Pala-Border of Kericho and Kisumu Counties", "", "", "", false, true},
		{"Longonot", "", "", "", false, true}, // unknown: never guessed
		{"Kericho/Kisumu", "", "", "", false, true},
		{"Mer", "", "", "", false, true}, // too short to guess
	}
	for _, tc := range tests {
		m, err := g.Resolve(tc.in)
		if (err != nil) != tc.err || m.Area != tc.area || m.SubArea != tc.sub || m.Place != tc.place || (m.Note != "") != tc.note {
			t.Errorf("Resolve(%q) = %+v, %v; want %s %s %q note %v err %v", tc.in, m, err, tc.area, tc.sub, tc.place, tc.note, tc.err)
		}
	}
}

func TestEditDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b  string
		limit int
		want  int
	}{{"mombasa", "mombassa", 2, 1}, {"kisumu", "kisumu", 1, 0}, {"nakuru", "nyeri", 2, 3}, {"", "ab", 2, 2}, {"abc", "xyz", 1, 2}} {
		if got := editDistance(tc.a, tc.b, tc.limit); got != tc.want {
			t.Errorf("editDistance(%q, %q, %d) = %d, want %d", tc.a, tc.b, tc.limit, got, tc.want)
		}
	}
}

func TestParseCoordinates(t *testing.T) {
	tests := []struct {
		in       string
		lat, lon float64
		ok, err  bool
	}{
		{"(-1.292066, 36.821945)", -1.292066, 36.821945, true, false},
		{"(-0.234032, 36.904735)\n", -0.234032, 36.904735, true, false},
		{"-1.29,36.82", -1.29, 36.82, true, false},
		{"-1.29 36.82", -1.29, 36.82, true, false},
		{"", 0, 0, false, false},
		{"(91, 10)", 91, 10, true, true},
		{"(1, 2, 3)", 0, 0, false, true},
		{"near the river", 0, 0, false, true},
	}
	for _, tc := range tests {
		lat, lon, ok, err := ParseCoordinates(tc.in)
		if (err != nil) != tc.err || !tc.err && (ok != tc.ok || lat != tc.lat || lon != tc.lon) {
			t.Errorf("ParseCoordinates(%q) = %v %v %v %v", tc.in, lat, lon, ok, err)
		}
	}
}

// FuzzParseValue feeds one cell to every transformation: none may panic,
// and what they accept is in range.
func FuzzParseValue(f *testing.F) {
	for _, s := range []string{"1-Jan 2016", "about 30", "Mid 20s", "(-1.29, 36.82)", "Nairobi-Kayole", "31/02/2016", "late teens", "Jue 7 2007"} {
		f.Add(s)
	}
	g := NewGazetteer(kenyaPlaces())
	f.Fuzz(func(t *testing.T, s string) {
		if d, err := ParseDate(s, len(s)%2 == 0); err == nil && !d.IsZero() {
			if y := d.Year(); y < haki.MinYear || y > haki.MaxYear {
				t.Fatalf("ParseDate(%q) = %v", s, d)
			}
		}
		if a, ok, err := ParseAge(s); err == nil && ok && (a.Years < 0 || a.Years > 120) {
			t.Fatalf("ParseAge(%q) = %v", s, a)
		}
		if lat, lon, ok, err := ParseCoordinates(s); err == nil && ok && (lat < -90 || lat > 90 || lon < -180 || lon > 180) {
			t.Fatalf("ParseCoordinates(%q) = %v %v", s, lat, lon)
		}
		if m, err := g.Resolve(s); err == nil && g.Name(m.Area) == "" {
			t.Fatalf("Resolve(%q) = %+v", s, m)
		}
	})
}
