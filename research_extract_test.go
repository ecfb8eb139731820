package haki

import (
	"fmt"
	"math/rand/v2"
	"net/url"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// randomExtract makes n rows with few distinct values per field, skewed so
// that some combinations are rare.
func randomExtract(r *rand.Rand, n int) *ExtractTable {
	pick := func(vs ...string) string { return vs[min(r.IntN(len(vs)), r.IntN(len(vs)))] }
	t := NewExtractTable()
	for range n {
		t.Add(ExtractRow{
			Month:  fmt.Sprintf("%d-%02d", 2015+r.IntN(10), 1+r.IntN(12)),
			Types:  pick("execution", "torture", "execution;torture", "disappearance"),
			County: fmt.Sprintf("KE-%03d", 1+min(r.IntN(47), r.IntN(47))), Sex: pick("male", "female", "unknown"),
			AgeBand: pick("18-34", "35+", "0-17", AgeUnknown), ActType: pick("killing", "beating"),
			VictimStatus: "killed", Method: pick("shooting", ""), Services: pick("police", "police;kdf", "kws"),
			Context: pick("protest", ""), Verification: "verified",
		})
	}
	return t
}

// countClasses is the independent check: it groups the output rows by
// their QI columns and returns the smallest class.
func countClasses(rows []ExtractRow, qis []string) (classes, smallest int) {
	counts := map[string]int{}
	for _, row := range rows {
		rec := row.Record()
		var key []string
		for _, qi := range qis {
			key = append(key, rec[slices.Index(ExtractColumns, map[string]string{QICounty: "county", QISex: "sex",
				QIAgeBand: "age_band", QIMonth: "month", QIIncidentType: "incident_types", QIService: "perpetrator_services"}[qi])])
		}
		counts[strings.Join(key, "\x00")]++
	}
	for _, n := range counts {
		if smallest == 0 || n < smallest {
			smallest = n
		}
	}
	return len(counts), smallest
}

func TestAnonymiseKAnonymous(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	regions := map[string]string{}
	for c := 1; c <= 47; c++ {
		regions[fmt.Sprintf("KE-%03d", c)] = fmt.Sprintf("region%d", c%8)
	}
	for trial := range 200 {
		n := r.IntN(400)
		qis := []string{}
		for _, qi := range ExtractQIs {
			if r.IntN(2) == 0 {
				qis = append(qis, qi)
			}
		}
		o := ExtractOptions{K: 5 + r.IntN(10), QIs: qis, Strategy: []string{ExtractGeneralise, ExtractSuppress}[r.IntN(2)],
			MaxSuppressed: float64(r.IntN(20)) / 100, Regions: regions}
		res := Anonymise(randomExtract(r, n), o)
		rows := slices.Collect(res.Rows())
		classes, smallest := countClasses(rows, qis)
		if len(rows) > 0 && smallest < o.K {
			t.Fatalf("trial %d: a class of %d rows with k=%d (qis %v)", trial, smallest, o.K, qis)
		}
		nt := res.Note
		if nt.RowsOut != len(rows) || nt.RowsIn != n || nt.RowsOut+nt.RowsSuppressed != n || nt.Classes != classes ||
			nt.SmallestClass != smallest {
			t.Fatalf("trial %d: note %+v does not match %d rows in %d classes, smallest %d", trial, nt, len(rows), classes, smallest)
		}
		if o.Strategy == ExtractSuppress && nt.GeneralisationLoss != 0 {
			t.Fatalf("trial %d: suppress-only generalised: %+v", trial, nt)
		}
	}
}

func TestAnonymiseGeneralisesBeforeSuppressing(t *testing.T) {
	tbl := NewExtractTable()
	// Ten victims in ten counties of one region: each county alone is a
	// class of one, the region a class of ten.
	for c := range 10 {
		tbl.Add(ExtractRow{Month: "2024-05", County: fmt.Sprintf("KE-%03d", c+1), Sex: "male", AgeBand: "18-34"})
	}
	regions := map[string]string{}
	for c := range 10 {
		regions[fmt.Sprintf("KE-%03d", c+1)] = "coast"
	}
	o, err := ParseExtractOptions(url.Values{"from": {"2024-01-01"}, "to": {"2024-12-31"}})
	if err != nil {
		t.Fatal(err)
	}
	o.Regions = regions
	res := Anonymise(tbl, o)
	if res.Len() != 10 || res.Note.Generalised[QICounty] != "region" || res.Note.Generalised[QISex] != "sex" {
		t.Fatalf("got %d rows, note %+v", res.Len(), res.Note)
	}
	for row := range res.Rows() {
		if row.County != "coast" || row.Month != "2024-05" {
			t.Fatalf("row %+v", row)
		}
	}
}

func TestExtractLadders(t *testing.T) {
	for _, tc := range []struct {
		qi, v string
		level int
		want  string
	}{
		{QIMonth, "2024-05", 1, "2024-Q2"}, {QIMonth, "2024-12", 1, "2024-Q4"}, {QIMonth, "2024-05", 2, "2024"},
		{QIMonth, "2024", 1, "2024"}, {QIMonth, "2024-05", 3, ExtractAny}, {QIAgeBand, "0-17", 1, "0-17"},
		{QIAgeBand, "35+", 1, "18+"}, {QIAgeBand, AgeUnknown, 1, AgeUnknown}, {QIAgeBand, "18-34", 2, ExtractAny},
		{QICounty, "KE-001", 1, ExtractAny}, {QISex, "male", 1, ExtractAny},
	} {
		if got := qiLadders[tc.qi].gen(tc.level, tc.v, nil); got != tc.want {
			t.Errorf("%s %q level %d: got %q, want %q", tc.qi, tc.v, tc.level, got, tc.want)
		}
	}
}

func TestParseExtractOptions(t *testing.T) {
	for _, tc := range []struct {
		q     string
		field string // "" when valid
	}{
		{"from=2015-01-01&to=2025-12-31", ""},
		{"from=2015-01-01&to=2025-12-31&k=4", "k"},
		{"from=2015-01-01&to=2025-12-31&k=101", "k"},
		{"from=2015-01-01&to=2025-12-31&qi=county,name", "qi"},
		{"from=2015-01-01&to=2025-12-31&qi=month,sex&strategy=suppress&format=json&type=torture,execution", ""},
		{"to=2025-12-31", "from"},
		{"from=2015-01-01&to=2025-12-31&county=Nairobi", "county"},
		{"from=2015-01-01&to=2025-12-31&max_suppressed=60", "max_suppressed"},
		{"from=2015-01-01&to=2025-12-31&format=xlsx", "format"},
	} {
		v, _ := url.ParseQuery(tc.q)
		o, err := ParseExtractOptions(v)
		if tc.field == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.q, err)
				continue
			}
			back, err := ParseExtractOptions(o.Query())
			if err != nil || back.K != o.K || !slices.Equal(back.QIs, o.QIs) || !slices.Equal(back.Types, o.Types) {
				t.Errorf("%s: round trip %+v, %v", tc.q, back, err)
			}
			continue
		}
		if e, ok := err.(*Error); !ok || e.Fields[tc.field] == "" {
			t.Errorf("%s: want a problem with %s, got %v", tc.q, tc.field, err)
		}
	}
}

// FuzzParseExtractOptions: any query is refused as a user error or gives
// options within their limits.
func FuzzParseExtractOptions(f *testing.F) {
	for _, q := range []string{"from=2015-01-01&to=2025-12-31", "from=2015&to=2025&k=5&qi=county,sex,age_band",
		"from=2024-01&to=2024-02&qi=month,incident_type,service&strategy=suppress", "k=-1&qi=,", "from=%00&max_suppressed=NaN",
		"from=2024&to=2024&type=a,b,c&county=KE-047&format=json&max_suppressed=50"} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		v, err := url.ParseQuery(q)
		if err != nil {
			return
		}
		o, err := ParseExtractOptions(v)
		if err != nil {
			if ErrorCode(err) != EINVALID {
				t.Fatalf("%q: %v is not a user error", q, err)
			}
			return
		}
		if o.K < MinExtractK || o.K > MaxExtractK || o.MaxSuppressed < 0 || o.MaxSuppressed > 0.5 || o.To.Before(o.From) {
			t.Fatalf("%q: options out of bounds: %+v", q, o)
		}
		for _, qi := range o.QIs {
			if !slices.Contains(ExtractQIs, qi) {
				t.Fatalf("%q: unknown qi %q", q, qi)
			}
		}
	})
}

// BenchmarkAnonymise1M anonymises a million rows on county, sex and age
// band, and on all six quasi-identifiers (docs/PERFORMANCE.md); table-MB
// is the memory the rows take.
func BenchmarkAnonymise1M(b *testing.B) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	tbl := randomExtract(rand.New(rand.NewPCG(3, 4)), 1_000_000)
	runtime.GC()
	runtime.ReadMemStats(&after)
	for name, qis := range map[string][]string{"qi=county,sex,age_band": DefaultExtractQIs, "qi=all": ExtractQIs} {
		b.Run(name, func(b *testing.B) {
			o := ExtractOptions{K: 5, QIs: qis, Strategy: ExtractGeneralise, MaxSuppressed: DefaultExtractMaxSuppressed}
			b.ReportAllocs()
			var res *ExtractResult
			for b.Loop() {
				if res = Anonymise(tbl, o); res.Len() == 0 {
					b.Fatal("nothing kept")
				}
			}
			b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/1e6, "table-MB")
			b.ReportMetric(100*res.Note.SuppressedShare, "%suppressed")
		})
	}
}
