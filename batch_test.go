package haki_test

import (
	"testing"
	"time"

	"github.com/haki-kenya/haki"
)

func TestBatchIncidentValidate(t *testing.T) {
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	good := func() haki.BatchIncident {
		return haki.BatchIncident{
			ExternalID: "row-1",
			Incident: haki.Incident{Title: "Shooting", Types: []string{"killing"}, CountyCode: "047",
				Occurred: mustDate("2020-05")},
			Persons: []haki.BatchPerson{{ExternalID: "v1", Person: haki.Person{FullName: "Unknown"}}},
			Acts:    []haki.BatchAct{{Victim: "v1", Act: haki.Act{ActType: "killing", VictimStatus: "killed"}}},
			Involvements: []haki.BatchInvolvement{{Involvement: haki.Involvement{ServiceCode: "kps", Degree: "direct",
				Outcomes: []haki.Outcome{{Kind: "arrested", SourceKind: "news"}}}}},
			Sources: []haki.BatchSource{{Source: haki.Source{Kind: "media", Reliability: "high"}}},
		}
	}
	for _, tc := range []struct {
		name   string
		change func(*haki.BatchIncident)
		known  func(string) bool
		fields []string
	}{
		{"good", func(*haki.BatchIncident) {}, nil, nil},
		{"no external id", func(b *haki.BatchIncident) { b.ExternalID = "" }, nil, []string{"external_id"}},
		{"incident field", func(b *haki.BatchIncident) { b.Incident.Title = "" }, nil, []string{"incident.title"}},
		{"unknown victim", func(b *haki.BatchIncident) { b.Acts[0].Victim = "v9" }, nil, []string{"acts[0].victim"}},
		{"victim of an earlier row", func(b *haki.BatchIncident) { b.Acts[0].Victim = "v9" }, func(id string) bool { return id == "v9" }, nil},
		{"duplicate person", func(b *haki.BatchIncident) { b.Persons = append(b.Persons, b.Persons[0]) }, nil, []string{"persons[1].external_id"}},
		{"bad outcome", func(b *haki.BatchIncident) { b.Involvements[0].Involvement.Outcomes[0].Kind = "x" }, nil,
			[]string{"involvements[0].involvement.outcomes[0].kind"}},
		{"involvement without act", func(b *haki.BatchIncident) {
			b.Acts = append(b.Acts, haki.BatchAct{Victim: "v1", Act: haki.Act{ActType: "injury", VictimStatus: "injured"}})
		}, nil, []string{"involvements[0].act"}},
		{"bad source url", func(b *haki.BatchIncident) { b.Sources[0].Source.URL = "ftp://x" }, nil, []string{"sources[0].source.url"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := good()
			tc.change(&b)
			b.Normalize()
			fields := haki.ErrorFields(b.Validate(now, tc.known))
			if len(fields) != len(tc.fields) {
				t.Fatalf("problems %v, want %v", fields, tc.fields)
			}
			for _, f := range tc.fields {
				if fields[f] == "" {
					t.Errorf("no problem at %s in %v", f, fields)
				}
			}
		})
	}
}

func TestBatchValidate(t *testing.T) {
	b := haki.Batch{System: "wapo-fatal-force", Incidents: make([]haki.BatchIncident, 1)}
	if err := b.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, sys := range []string{"", "Upper", "has space"} {
		b.System = sys
		if haki.ErrorFields(b.Validate())["system"] == "" {
			t.Errorf("system %q accepted", sys)
		}
	}
	b.System = "x"
	b.Incidents = make([]haki.BatchIncident, haki.MaxBatchIncidents+1)
	if haki.ErrorFields(b.Validate())["incidents"] == "" {
		t.Error("too many incidents accepted")
	}
}

func mustDate(s string) haki.FuzzyDate {
	d, err := haki.ParseFuzzyDate(s)
	if err != nil {
		panic(err)
	}
	return d
}
