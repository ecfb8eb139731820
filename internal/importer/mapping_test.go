package importer

import (
	"os"
	"testing"

	"github.com/haki-kenya/haki"
)

func TestParseMapping(t *testing.T) {
	b, err := os.ReadFile("testdata/kenya_mapping.json")
	if err != nil {
		t.Fatal(err)
	}
	m, err := ParseMapping(b)
	if err != nil {
		t.Fatalf("ParseMapping: %v", err)
	}
	if m.System != "kenya-missing-voices" || len(m.Fields) != 15 {
		t.Errorf("mapping %+v", m)
	}
	if cols := m.Columns(); cols[0] != "Province" || cols[1] != "Month/ Date" {
		t.Errorf("Columns() = %q", cols)
	}
	bad := []struct{ name, json, field string }{
		{"unknown key", `{"version":1,"system":"x","fieldz":[]}`, ""},
		{"version", `{"version":2,"system":"x","fields":[]}`, "version"},
		{"system", `{"version":1,"system":"Has Spaces","fields":[]}`, "system"},
		{"unknown field", `{"version":1,"system":"x","fields":[{"field":"victim.shoe","column":"a"}]}`, "fields[0].field"},
		{"twice", `{"version":1,"system":"x","fields":[{"field":"incident.title","column":"a"},{"field":"incident.title","column":"b"}]}`, "fields[1].field"},
		{"nothing", `{"version":1,"system":"x","fields":[{"field":"incident.title"}]}`, "fields[0]"},
		{"template", `{"version":1,"system":"x","fields":[{"field":"incident.title","template":"In {city"}]}`, "fields[0].template"},
		{"needs", `{"version":1,"system":"x","fields":[]}`, "fields"},
		{"type", `{"version":1,"type":"shoes","system":"x","fields":[]}`, "type"},
		{"trailing", `{"version":1,"system":"x","fields":[]} {}`, ""},
	}
	for _, tc := range bad {
		_, err := ParseMapping([]byte(tc.json))
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		if e, ok := err.(*haki.Error); tc.field != "" && (!ok || e.Fields[tc.field] == "") {
			t.Errorf("%s: %v, want a problem with %s", tc.name, err, tc.field)
		}
	}
}

func TestParseTemplate(t *testing.T) {
	parts, err := parseTemplate("Shooting in {city}, {state}")
	if err != nil || len(parts) != 4 || !parts[1].column || parts[3].text != "state" {
		t.Errorf("parts %+v %v", parts, err)
	}
	for _, s := range []string{"{}", "a}", "{a", "{a{b}}"} {
		if _, err := parseTemplate(s); err == nil {
			t.Errorf("parseTemplate(%q): no error", s)
		}
	}
}

func FuzzParseMapping(f *testing.F) {
	if b, err := os.ReadFile("testdata/kenya_mapping.json"); err == nil {
		f.Add(b)
	}
	f.Add([]byte(`{"version":1,"system":"x","fields":[{"field":"incident.title","template":"{a} {b}"}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ParseMapping(b)
		if err != nil {
			if _, ok := err.(*haki.Error); !ok {
				t.Fatalf("not a haki.Error: %v", err)
			}
			return
		}
		// A valid mapping compiles against a header of its own columns.
		ref := Reference{Gazetteer: NewGazetteer(kenyaPlaces())}
		c, err := Compile(m, m.Columns(), ref)
		if err != nil {
			return
		}
		c.Row(make([]string, len(m.Columns())), 2)
	})
}
