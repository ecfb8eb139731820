package haki

import (
	"net/url"
	"testing"
)

// FuzzParseReportFilter: any query either is refused with a message per
// field or gives a filter whose period runs forwards.
func FuzzParseReportFilter(f *testing.F) {
	for _, q := range []string{"from=2024&to=2024", "from=2024-01&to=2024-03&county=KE-047", "from=2024-02-30", "age_bands=18,35",
		"age_bands=35,18", "from=2025-01-01&to=2024-01-01", "county=047&type=torture&sex=female&age_band=18-34", "from=%00", "age_bands=1,2,3,4,5,6,7,8,9,10,11,12"} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		v, err := url.ParseQuery(q)
		if err != nil {
			return
		}
		rf, err := ParseReportFilter(v)
		if err != nil {
			if ErrorCode(err) != EINVALID {
				t.Fatalf("%q: %v is not a user error", q, err)
			}
			return
		}
		if !rf.From.IsZero() && !rf.To.IsZero() && rf.To.Before(rf.From) {
			t.Fatalf("%q: period runs backwards: %v .. %v", q, rf.From, rf.To)
		}
	})
}
