package haki_test

import (
	"net/url"
	"slices"
	"testing"

	"github.com/haki-kenya/haki"
)

// FuzzParseBuilderQuery feeds the builder's decoder any query string: it
// must never panic, and whatever it accepts names only listed records,
// dimensions and measures, and reads back the same from its own encoding.
func FuzzParseBuilderQuery(f *testing.F) {
	for _, s := range []string{"records=victims&dim1=county&dim2=sex&from=2024&to=2024",
		"records=services&dim1=service_type&measure=cost_kes&provider=network&from=2024-01-01&to=2024-06-30",
		"records=cases&dim1=status&court=yes", "records=incidents&dim1=county;DROP TABLE incidents",
		"records=victims&dim1=age_band&age_bands=18,30,60&age_band=30-59", "records=persons_served&dim2=year", "dim1=%00&records=%ff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, _ := url.ParseQuery(s)
		q, err := haki.ParseBuilderQuery(v)
		if err != nil {
			if haki.ErrorCode(err) != haki.EINVALID {
				t.Fatalf("error %v", err)
			}
			return
		}
		if !slices.Contains(haki.BuilderRecords, q.Records) || !slices.Contains(haki.BuilderMeasures[q.Records], q.Measure) || len(q.Dims) > 2 {
			t.Fatalf("accepted %+v", q)
		}
		for _, d := range q.Dims {
			if !slices.Contains(haki.BuilderDims[q.Records], d) {
				t.Fatalf("accepted dimension %q", d)
			}
		}
		back, err := haki.ParseBuilderQuery(q.Values())
		if err != nil || back.Encode() != q.Encode() {
			t.Fatalf("round trip %q: %v %q", q.Encode(), err, back.Encode())
		}
	})
}
