package importer

import (
	"bytes"
	"context"
	"fmt"
	"testing"
)

// benchSheet writes n rows in the shape of a real list: a day-month and a
// year column, a county with a place, coordinates, a free-text age.
func benchSheet(n int) []byte {
	var b bytes.Buffer
	b.WriteString("id,Name,Province,Coordinates,Gender,Age,Year,Day,Status,Source\n")
	places := []string{"Nairobi", "Mombasa ", "Nairobi-Kayole", "Likoni", "Kisumu", "Muranga"}
	ages := []string{"24", "", "Mid 20s", "about 30", "19"}
	for i := range n {
		fmt.Fprintf(&b, "%d,Person %d,%s,\"(-1.29, 36.82)\",M,%s,%d,%d-Aug,Dead,Report %d\n",
			i, i, places[i%len(places)], ages[i%len(ages)], 2000+i%20, 1+i%28, i%50)
	}
	return b.Bytes()
}

const benchMapping = `{"version":1,"system":"bench","fields":[
 {"field":"external_id","column":"id"},
 {"field":"incident.title","template":"Police killing in {Province}"},
 {"field":"incident.date","columns":["Day","Year"]},
 {"field":"incident.county","column":"Province"},
 {"field":"incident.coordinates","column":"Coordinates"},
 {"field":"incident.type","value":"extrajudicial_execution"},
 {"field":"victim.name","column":"Name"},
 {"field":"victim.sex","column":"Gender","values":{"M":"male","F":"female"}},
 {"field":"victim.age","column":"Age"},
 {"field":"act.type","value":"killing"},
 {"field":"act.outcome","column":"Status","values":{"Dead":"killed","Missing":"missing"}},
 {"field":"source.title","column":"Source"}]}`

// BenchmarkDryRun measures the importer's own checks (decoding, mapping,
// every transformation, the domain's validation), without the store: the
// target is 50,000 rows a second or more.
func BenchmarkDryRun(b *testing.B) {
	const rows = 50000
	sheet := benchSheet(rows)
	m, err := ParseMapping([]byte(benchMapping))
	if err != nil {
		b.Fatal(err)
	}
	ref := testRef()
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		t, err := Open(bytes.NewReader(sheet))
		if err != nil {
			b.Fatal(err)
		}
		c, err := Compile(m, t.Header, ref)
		if err != nil {
			b.Fatal(err)
		}
		rep, err := Run(context.Background(), t, c, nil, Options{})
		if err != nil || rep.Valid != rows {
			b.Fatalf("%v %+v", err, rep.Issues[:min(3, len(rep.Issues))])
		}
	}
	b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
}
