package demo

import (
	"context"
	"testing"
)

// BenchmarkGenerate measures generation alone, into a sink that discards:
// one op is one incident with everything that hangs on it.
func BenchmarkGenerate(b *testing.B) {
	b.ReportAllocs()
	st, err := Generate(context.Background(), Options{Size: b.N, Seed: 1, Now: testNow, Password: testPassword}, discard{})
	if err != nil {
		b.Fatal(err)
	}
	records := st.Persons + st.Incidents + st.Acts + st.Involvements + st.Sources + st.Cases
	b.ReportMetric(float64(records)/float64(b.N), "records/op")
}
