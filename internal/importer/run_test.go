package importer

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/gazetteer"
)

var testNow = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

func testRef() Reference {
	places, err := gazetteer.Kenya()
	if err != nil {
		panic(err)
	}
	return Reference{Terms: haki.SeedTerms, Gazetteer: NewGazetteer(places), Now: testNow}
}

func mustCompile(tb testing.TB, mappingFile string, header []string) *Compiled {
	tb.Helper()
	b, err := os.ReadFile(mappingFile)
	if err != nil {
		tb.Fatal(err)
	}
	m, err := ParseMapping(b)
	if err != nil {
		tb.Fatal(err)
	}
	c, err := Compile(m, header, testRef())
	if err != nil {
		tb.Fatalf("Compile: %v", err)
	}
	return c
}

func openFile(tb testing.TB, name string) *Table {
	tb.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		tb.Fatal(err)
	}
	t, err := Open(bytes.NewReader(b))
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

func TestRowMissingVoices(t *testing.T) {
	tab := openFile(t, "testdata/m_voices_excerpt.csv")
	c := mustCompile(t, "testdata/kenya_mapping.json", tab.Header)
	row, line, err := tab.Next()
	if err != nil {
		t.Fatal(err)
	}
	bi, issues := c.Row(row, line)
	if bi == nil {
		t.Fatalf("row rejected: %+v", issues)
	}
	inc := bi.Incident
	if inc.Occurred.String() != "2016-01-01" || inc.CountyCode != "KE-047" || inc.Types[0] != "extrajudicial_execution" {
		t.Errorf("incident %+v", inc)
	}
	if inc.Latitude == nil || *inc.Latitude != -1.292066 {
		t.Errorf("latitude %v", inc.Latitude)
	}
	p, a := bi.Persons[0].Person, bi.Acts[0].Act
	if p.FullName != "Peter Gachichi  Gitau" && p.FullName != "Peter Gachichi Gitau" || p.Sex != "male" || *a.VictimAge != 20 || a.VictimStatus != "killed" || a.ActType != "killing" {
		t.Errorf("person %+v act %+v", p, a)
	}
	if len(bi.Sources) != 1 || bi.Sources[0].Source.Kind != "public_report" {
		t.Errorf("sources %+v", bi.Sources)
	}
	if !strings.HasPrefix(bi.ExternalID, "sha256:") {
		t.Errorf("external id %q", bi.ExternalID)
	}
	c.Reset()
	again, _ := c.Row(row, line)
	if again.ExternalID != bi.ExternalID {
		t.Error("the hash of the same row changed")
	}
}

func TestRunDryRunExcerpt(t *testing.T) {
	tab := openFile(t, "testdata/m_voices_excerpt.csv")
	c := mustCompile(t, "testdata/kenya_mapping.json", tab.Header)
	rep, err := Run(context.Background(), tab, c, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rows != 15 || rep.Valid+rep.Rejected != 15 || rep.Rejected != 1 {
		t.Errorf("report %+v", rep)
	}
	// Rows without a year are kept with their date unknown and a warning; a
	// free-text age is an estimate with a warning; a place inside a county
	// is read as it; a place in no county is refused with the reason.
	var noYear, estimated, county, unknownPlace bool
	for _, i := range rep.Issues {
		noYear = noYear || i.Field == "incident.date" && i.Warning && strings.Contains(i.Message, "date unknown")
		unknownPlace = unknownPlace || i.Field == "incident.county" && !i.Warning && i.Value == "Atlantis"
		estimated = estimated || i.Field == "victim.age" && i.Warning && i.Value == "Mid 20s"
		county = county || i.Field == "incident.county" && i.Warning && strings.Contains(i.Message, "Read as KE-019")
		if i.Row < 2 {
			t.Errorf("issue without a row: %+v", i)
		}
	}
	if !noYear || !estimated || !county || !unknownPlace {
		t.Errorf("issues %+v", rep.Issues)
	}
	var out bytes.Buffer
	if err := WriteRejected(&out, openFile(t, "testdata/m_voices_excerpt.csv"), rep.Reasons); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&out).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != rep.Rejected+1 || recs[0][len(recs[0])-1] != "reason" || !strings.HasPrefix(recs[1][len(recs[1])-1], "row ") {
		t.Errorf("rejected file %q", recs)
	}
}
