package haki_test

import (
	"testing"

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
	for _, s := range []string{"2017-03-14", "14/03/2017", "~2017", "about 2017-02", "2019-02-29", "karibu 03/2018", "c.", "~", "0000-00-00", "9999/99/9999"} {
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
		if y := d.Year(); y < haki.MinYear || y > haki.MaxYear {
			t.Fatalf("year %d out of range", y)
		}
	})
}
