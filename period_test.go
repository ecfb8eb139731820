package haki

import (
	"net/url"
	"slices"
	"testing"
	"time"
)

func TestParsePeriod(t *testing.T) {
	day := func(s string) time.Time {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	for _, tc := range []struct {
		query, from, to string
		field           string // the key of the problem, "" when it parses
	}{
		{"from=2024", "2024-01-01", "2024-12-31", ""},
		{"from=2024-02", "2024-02-01", "2024-02-29", ""},
		{"from=2024-02-10&to=2024-03", "2024-02-10", "2024-03-31", ""},
		{"year=2024", "2024-01-01", "2024-12-31", ""},
		{"year=2024&quarter=1", "2024-01-01", "2024-03-31", ""},
		{"year=2024&quarter=4", "2024-10-01", "2024-12-31", ""},
		{"year=2023&month=2", "2023-02-01", "2023-02-28", ""},
		{"year=+2024&month=12", "2024-12-01", "2024-12-31", ""},
		{"year=2024&from=2020-05-01&to=2020-05-31", "2020-05-01", "2020-05-31", ""}, // dates win
		{"year=2024&quarter=2&to=2024-05-01", "", "", "from"},
		{"", "", "", "from"},
		{"quarter=1", "", "", "from"},
		{"year=abc", "", "", "year"},
		{"year=1899", "", "", "year"},
		{"year=2101&month=1", "", "", "year"},
		{"year=2024&quarter=0", "", "", "quarter"},
		{"year=2024&quarter=x", "", "", "quarter"},
		{"year=2024&month=13", "", "", "month"},
		{"year=2024&quarter=1&month=2", "", "", "month"},
		{"from=2024-02-30", "", "", "from"},
		{"from=2024-05&to=2024-04", "", "", "to"},
		{"from=1900&to=2100", "", "", "to"},
	} {
		t.Run(tc.query, func(t *testing.T) {
			v, err := url.ParseQuery(tc.query)
			if err != nil {
				t.Fatal(err)
			}
			from, to, err := ParsePeriod(v)
			if tc.field != "" {
				if ErrorFields(err)[tc.field] == "" {
					t.Errorf("got %v..%v, %v; want a problem on %s", from, to, err, tc.field)
				}
				return
			}
			if err != nil || !from.Equal(day(tc.from)) || !to.Equal(day(tc.to)) {
				t.Errorf("got %v..%v, %v; want %s..%s", from, to, err, tc.from, tc.to)
			}
		})
	}
}

// FuzzParsePeriod: any keys either are refused with a problem named by a
// period key, or give whole days at UTC midnight, forwards, within the
// years a date may hold and at most MaxPeriod long, which read back the same
// when written as dates.
func FuzzParsePeriod(f *testing.F) {
	for _, s := range [][5]string{
		{"2024", "", "", "", ""}, {"2024", "2", "", "", ""}, {"2024", "", "11", "", ""}, {"", "", "", "2024-02", ""},
		{"", "", "", "2024-02-29", "2025"}, {"2024", "1", "2", "", ""}, {"99999999999999999999", "", "", "", ""},
		{"", "", "", "2024-13", ""}, {"", "", "", "\x00", ""}, {"2024", "-1", "", "", ""}, {"", "", "", "1900", "2100"},
	} {
		f.Add(s[0], s[1], s[2], s[3], s[4])
	}
	keys := []string{PeriodYear, PeriodQuarter, PeriodMonth, PeriodFrom, PeriodTo}
	f.Fuzz(func(t *testing.T, year, quarter, month, from, to string) {
		v := url.Values{}
		for i, s := range []string{year, quarter, month, from, to} {
			if s != "" {
				v.Set(keys[i], s)
			}
		}
		first, last, err := ParsePeriod(v)
		if err != nil {
			fields := ErrorFields(err)
			if ErrorCode(err) != EINVALID || len(fields) == 0 {
				t.Fatalf("%v: %v is not a problem with a field", v, err)
			}
			for k := range fields {
				if !slices.Contains(keys, k) {
					t.Fatalf("%v: problem on %q, not a period key", v, k)
				}
			}
			return
		}
		for _, d := range []time.Time{first, last} {
			if d.Location() != time.UTC || d.Hour()+d.Minute()+d.Second()+d.Nanosecond() != 0 || d.Year() < MinYear || d.Year() > MaxYear {
				t.Fatalf("%v: %v is not a whole day between %d and %d", v, d, MinYear, MaxYear)
			}
		}
		if last.Before(first) || last.Sub(first) > MaxPeriod {
			t.Fatalf("%v: period %v..%v", v, first, last)
		}
		again, againLast, err := ParsePeriod(url.Values{PeriodFrom: {first.Format(time.DateOnly)}, PeriodTo: {last.Format(time.DateOnly)}})
		if err != nil || !again.Equal(first) || !againLast.Equal(last) {
			t.Fatalf("%v: %v..%v read back as %v..%v, %v", v, first, last, again, againLast, err)
		}
	})
}
