package store_test

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
)

// BenchmarkResearchExtract takes the whole research extract (every victim
// of the generated records, county, sex and age band, k = 5) as a
// researcher: the read from the database and the anonymiser together.
// victims/s and the live heap after the extract are reported.
func BenchmarkResearchExtract(b *testing.B) {
	s := openBenchStore(b)
	ctx := haki.NewContextWithUser(context.Background(), &haki.User{ID: "bench", Username: "bench", Role: haki.RoleResearcher})
	o := haki.ExtractOptions{From: time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2100, 12, 31, 0, 0, 0, 0, time.UTC),
		K: 5, QIs: haki.DefaultExtractQIs, Strategy: haki.ExtractGeneralise, MaxSuppressed: haki.DefaultExtractMaxSuppressed}
	b.ReportAllocs()
	var res *haki.ExtractResult
	for b.Loop() {
		var err error
		if res, err = s.ResearchExtract(ctx, o); err != nil || res.Len() == 0 {
			b.Fatal(err)
		}
	}
	var m runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m)
	b.ReportMetric(float64(res.Note.RowsIn)*float64(b.N)/b.Elapsed().Seconds(), "victims/s")
	b.ReportMetric(float64(res.Note.RowsIn), "victims")
	b.ReportMetric(float64(m.HeapAlloc)/1e6, "heap-MB")
	b.ReportMetric(100*res.Note.SuppressedShare, "%suppressed")
}
