package haki_test

import (
	"testing"
	"time"

	"github.com/haki-kenya/haki"
)

func TestParseFuzzyDate(t *testing.T) {
	tests := []struct {
		in      string
		want    string // String() of the result, "" for zero
		wantErr bool
	}{
		{"", "", false},
		{"2017-03-14", "2017-03-14", false},
		{"14/03/2017", "2017-03-14", false},
		{"2017-03", "2017-03", false},
		{"03/2017", "2017-03", false},
		{"2017", "2017", false},
		{"~2017-03", "~2017-03", false},
		{"about 2017", "~2017", false},
		{"c. 2016-12-01", "~2016-12-01", false},
		{"karibu 2019", "~2019", false},
		{"  2020-02-29 ", "2020-02-29", false},
		{"2019-02-29", "", true},
		{"2017-13", "", true},
		{"2017-00-10", "", true},
		{"1899", "", true},
		{"17", "", true},
		{"abouts 2017", "", true},
		{"2017-3-4", "2017-03-04", false},
		{"2017--03", "", true},
		{"２０１７", "", true},
		{"-2017", "", true},
		{"unknown", "unknown", false},
		{"Haijulikani", "unknown", false},
		{"?", "unknown", false},
		{"<2010", "<2010", false},
		{"before 2010", "<2010", false},
		{"kabla ya 2010", "<2010", false},
		{">2015", ">2015", false},
		{"After 2015", ">2015", false},
		{"baada ya 2015", ">2015", false},
		{"<1900", "", true},
		{">2100", "", true},
		{"<20", "", true},
		{"before", "", true},
		{"~unknown", "", true},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			d, err := haki.ParseFuzzyDate(tc.in)
			if (err != nil) != tc.wantErr {
				t.Fatalf("ParseFuzzyDate(%q) error = %v, want error %v", tc.in, err, tc.wantErr)
			}
			if err != nil {
				if haki.ErrorCode(err) != haki.EINVALID {
					t.Errorf("error code = %q, want invalid", haki.ErrorCode(err))
				}
				return
			}
			if got := d.String(); got != tc.want {
				t.Errorf("ParseFuzzyDate(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func FuzzParseFuzzyDate(f *testing.F) {
	for _, s := range []string{"2017-03-14", "14/03/2017", "~2017", "about 2017-02", "2019-02-29", "karibu 03/2018", "c.", "~", "0000-00-00", "9999/99/9999",
		"unknown", "<2010", "before 2010", ">2015", "after 2015", "kabla ya 1901", "baada ya 2099", "<1900", "> 2015", "haijulikani"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := haki.ParseFuzzyDate(s)
		if err != nil {
			if haki.ErrorCode(err) != haki.EINVALID {
				t.Fatalf("non-invalid error %v", err)
			}
			return
		}
		if d.IsZero() {
			return
		}
		// What we print we must read back to the same date.
		again, err := haki.ParseFuzzyDate(d.String())
		if err != nil || again != d {
			t.Fatalf("round trip of %q: %q gave %+v, %v", s, d.String(), again, err)
		}
		if d.Unknown() {
			if d.Before != 0 && d.After != 0 || d.Before != 0 && (d.Before <= haki.MinYear || d.Before > haki.MaxYear) ||
				d.After != 0 && (d.After < haki.MinYear || d.After >= haki.MaxYear) || !d.Date.IsZero() || d.Approx {
				t.Fatalf("unknown date %+v out of range", d)
			}
			return
		}
		if y := d.Year(); y < haki.MinYear || y > haki.MaxYear {
			t.Fatalf("year %d out of range", y)
		}
	})
}

func TestUnknownDateOnlyForIncidents(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	p := &haki.Person{FullName: "A", BirthDate: haki.UnknownDate()}
	if haki.ErrorFields(p.Validate(now))["birth_date"] == "" {
		t.Error("a person's unknown birth date accepted")
	}
	s := &haki.Source{Kind: "media", Reliability: "confirmed", SourceDate: haki.MustFuzzyDate("<2010")}
	if haki.ErrorFields(s.Validate())["source_date"] == "" {
		t.Error("a source's bounded date accepted")
	}
	inc := &haki.Incident{Title: "x", Types: []string{"torture"}, CountyCode: "KE-047", Occurred: haki.MustFuzzyDate(">2024")}
	if err := inc.Validate(now); err != nil {
		t.Errorf("after 2024 on 2026-01-01: %v", err)
	}
	inc.Occurred = haki.MustFuzzyDate(">2026")
	if haki.ErrorFields(inc.Validate(now))["occurred"] == "" {
		t.Error("after 2026 on 2026-01-01 accepted")
	}
	inc.Occurred = haki.MustFuzzyDate("<2030")
	if haki.ErrorFields(inc.Validate(now))["occurred"] == "" {
		t.Error("before 2030 on 2026-01-01 accepted")
	}
}
