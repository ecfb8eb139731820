package gazetteer_test

import (
	"os"
	"strings"
	"testing"

	"github.com/haki-kenya/haki/internal/gazetteer"
)

func TestParseUSStates(t *testing.T) {
	f, err := os.Open("../../examples/gazetteer/us-states.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	places, err := gazetteer.Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(places) != 51 || places[4].Code != "US-CA" || places[4].Name != "California" || places[4].OfficialCode != "CA" || places[4].Country != "US" {
		t.Errorf("%d places, [4] = %+v", len(places), places[4])
	}
}

func TestParse(t *testing.T) {
	square := `{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}`
	for _, tc := range []struct{ name, in, err string }{
		{"csv with sub-areas first", "country,code,name,level,parent\nZZ,ZZ-A-1,Sub,2,ZZ-A\nZZ,ZZ-A,Area,1,\n", ""},
		{"csv with a boundary", "code,name,level,country,boundary\nZZ-A,Area,1,ZZ,\"" + strings.ReplaceAll(square, `"`, `""`) + "\"\n", ""},
		{"geojson", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"country":"ZZ","code":"ZZ-A","name":"Area","level":1},"geometry":` + square + `},
			{"type":"Feature","properties":{"country":"ZZ","code":"ZZ-A-1","name":"Sub","level":"2","parent":"ZZ-A"},"geometry":null}]}`, ""},
		{"no level column", "country,code,name\nZZ,ZZ-A,Area\n", "no column"},
		{"two countries", "country,code,name,level\nZZ,ZZ-A,A,1\nYY,YY-B,B,1\n", "one country"},
		{"bad country", "country,code,name,level\nzz,ZZ-A,A,1\n", "two-letter"},
		{"duplicate", "country,code,name,level\nZZ,ZZ-A,A,1\nZZ,ZZ-A,B,1\n", "twice"},
		{"orphan", "country,code,name,level,parent\nZZ,ZZ-A-1,Sub,2,ZZ-X\n", "parent"},
		{"bad level", "country,code,name,level\nZZ,ZZ-A,A,3\n", "level"},
		{"bad boundary", "country,code,name,level,boundary\nZZ,ZZ-A,A,1,{}\n", "GeoJSON"},
		{"empty", "country,code,name,level\n", "no places"},
		{"not a collection", `{"type":"Feature"}`, "FeatureCollection"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			places, err := gazetteer.Parse(strings.NewReader(tc.in))
			switch {
			case tc.err == "" && err != nil:
				t.Fatal(err)
			case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
				t.Fatalf("error %v, want one saying %q", err, tc.err)
			case tc.err == "" && places[0].Level != 1:
				t.Errorf("areas do not come first: %+v", places)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	f.Add("country,code,name,level,parent,official_code\nUS,US-CA,California,1,,CA\n")
	f.Add("country,code,name,level,parent\nZZ,ZZ-A-1,Sub,2,ZZ-A\nZZ,ZZ-A,Area,1,\n")
	f.Add(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"country":"ZZ","code":"ZZ-A","name":"Area","level":1},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}`)
	f.Fuzz(func(t *testing.T, in string) {
		places, err := gazetteer.Parse(strings.NewReader(in))
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for i, p := range places {
			if seen[p.Code] || p.Country != places[0].Country || (p.Level == 2 && !seen[p.ParentCode]) {
				t.Fatalf("place %d accepted: %+v", i, p)
			}
			seen[p.Code] = true
		}
	})
}
