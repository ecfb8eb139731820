package storetest

import (
	"fmt"

	"github.com/haki-kenya/haki"
)

// BatchIncident returns row i of a made-up batch, valid against the seed
// vocabularies and Kenya's gazetteer: a killing in a county, its victim
// (person "p<i>"), a perpetrator with an arrest, and a news source.
func BatchIncident(i int) haki.BatchIncident {
	age := 20 + i%40
	d, _ := haki.ParseFuzzyDate(fmt.Sprintf("%d-%02d-%02d", 2015+i%10, 1+i%12, 1+i%28))
	return haki.BatchIncident{
		ExternalID: fmt.Sprintf("row-%d", i),
		Incident: haki.Incident{Title: fmt.Sprintf("Shooting %d", i), Types: []string{"extrajudicial_execution"}, Occurred: d,
			CountyCode: fmt.Sprintf("KE-%03d", 1+i%47), Context: "anti_crime", Narrative: "Shot by officers during an operation."},
		Persons: []haki.BatchPerson{{ExternalID: fmt.Sprintf("p%d", i),
			Person: haki.Person{FullName: fmt.Sprintf("Victim Number %d", i), Sex: []string{"male", "female"}[i%2], EstimatedAge: &age, Deceased: true}}},
		Acts: []haki.BatchAct{{Victim: fmt.Sprintf("p%d", i), Act: haki.Act{ActType: "killing", Method: "", VictimStatus: "killed", VictimAge: &age}}},
		Involvements: []haki.BatchInvolvement{{Involvement: haki.Involvement{ServiceCode: "kps", Degree: "direct",
			Outcomes: []haki.Outcome{{Kind: haki.OutcomeArrested, SourceKind: "news"}}}}},
		Sources: []haki.BatchSource{{Source: haki.Source{Kind: "media", Outlet: "Daily Paper", URL: fmt.Sprintf("https://example.org/%d", i),
			Reliability: "probably_true"}}},
	}
}

// Batch returns a batch of n rows of BatchIncident under system.
func Batch(system string, n int) haki.Batch {
	b := haki.Batch{System: system}
	for i := range n {
		b.Incidents = append(b.Incidents, BatchIncident(i))
	}
	return b
}
