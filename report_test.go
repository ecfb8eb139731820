package haki_test

import (
	"net/url"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
)

func TestParseReportFilter(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	for _, tc := range []struct {
		query    string
		from, to string
		county   string
		badField string
	}{
		{query: "from=2024", from: "2024-01-01", to: "2024-12-31"},
		{query: "from=2024-02", from: "2024-02-01", to: "2024-02-29"},
		{query: "from=2024-03-05&to=2024-06&county=47", from: "2024-03-05", to: "2024-06-30", county: "KE-047"},
		{query: "from=2024&county=Nairobi", badField: "county"},
		{query: "to=2024", badField: "from"},
		{query: "from=2024-13-01", badField: "from"},
		{query: "from=2025&to=2024", badField: "to"},
		{query: "from=2024&type=Torture", badField: "type"},
		{query: "from=2024&institution=x", badField: "institution"},
		{query: "from=2024&age_band=18-40", badField: "age_band"},
		{query: "from=2024&age_bands=35,18", badField: "age_bands"},
	} {
		v, _ := url.ParseQuery(tc.query)
		f, err := haki.ParseReportFilter(v)
		if tc.badField != "" {
			if haki.ErrorFields(err)[tc.badField] == "" {
				t.Errorf("%s: %v, want a problem with %s", tc.query, err, tc.badField)
			}
			continue
		}
		if err != nil || !f.From.Equal(day(tc.from)) || !f.To.Equal(day(tc.to)) || f.CountyCode != tc.county {
			t.Errorf("%s: %+v %v", tc.query, f, err)
		}
	}
}

func TestAgeBands(t *testing.T) {
	b := haki.DefaultAgeBands()
	for age, want := range map[int]string{0: "0-17", 17: "0-17", 18: "18-34", 34: "18-34", 35: "35+", 90: "35+"} {
		if got := b.Band(age); got != want {
			t.Errorf("Band(%d) = %s, want %s", age, got, want)
		}
	}
	c, err := haki.ParseAgeBands("15, 25,60")
	if err != nil || c.String() != "15,25,60" || c.Band(59) != "25-59" || len(c.Codes()) != 4 {
		t.Errorf("custom bands %v %v %v", c, c.Codes(), err)
	}
}

func TestPreviousPeriod(t *testing.T) {
	d := func(s string) time.Time { x, _ := time.Parse(time.DateOnly, s); return x }
	for _, tc := range [][4]string{
		{"2024-01-01", "2024-12-31", "2023-01-01", "2023-12-31"},
		{"2024-03-01", "2024-03-31", "2024-02-01", "2024-02-29"},
		{"2024-03-10", "2024-03-19", "2024-02-29", "2024-03-09"},
	} {
		from, to := haki.ReportFilter{From: d(tc[0]), To: d(tc[1])}.PreviousPeriod()
		if from.Format(time.DateOnly) != tc[2] || to.Format(time.DateOnly) != tc[3] {
			t.Errorf("%v: got %s..%s", tc, from.Format(time.DateOnly), to.Format(time.DateOnly))
		}
	}
}
