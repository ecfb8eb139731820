package importer

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/haki-kenya/haki"
)

// Mapping says how a spreadsheet's columns become Haki's records. It is
// JSON (docs/IMPORT.md), saved in the database per organisation or kept
// as a file beside the spreadsheets for the command line.
type Mapping struct {
	Version int    `json:"version"`           // 1
	Type    string `json:"type"`              // what a row is: "incidents"
	System  string `json:"system"`            // where the rows come from, e.g. "wapo-fatal-force"; keeps the external ids apart
	Country string `json:"country,omitempty"` // the gazetteer's country for places, e.g. "US"; empty for the organisation's
	// DayFirst reads 03/04/2016 as 3 April (the default, as in Kenya);
	// false reads it as March 4.
	MonthFirst bool `json:"month_first,omitempty"`
	// Fields maps columns to fields, one rule per field.
	Fields []Rule `json:"fields"`
}

// Rule fills one field from a column, several columns, or a constant.
type Rule struct {
	Field string `json:"field"` // one of Fields, e.g. "victim.sex"
	// Column names the column; Columns names several, joined by Join
	// (default a space): a name from its parts, a date from a day-month
	// column and a year column.
	Column  string   `json:"column,omitempty"`
	Columns []string `json:"columns,omitempty"`
	Join    string   `json:"join,omitempty"`
	// Template builds the value from columns named in braces:
	// "Police shooting in {city}, {state}".
	Template string `json:"template,omitempty"`
	// Value is a constant, or the value used when the column is empty.
	Value string `json:"value,omitempty"`
	// Values maps what the sheet says to what Haki stores ("M": "male",
	// "Dead": "killed"), compared without case and surrounding spaces. A
	// value mapped to "" is treated as empty.
	Values map[string]string `json:"values,omitempty"`
	// Split cuts a multi-valued cell ("gun;knife") at this separator; the
	// first part is used for a single-valued field, all for a list.
	Split string `json:"split,omitempty"`
}

// FieldInfo describes a field a rule can fill.
type FieldInfo struct {
	Name  string // e.g. "incident.date"
	Vocab string // the vocabulary its values come from, if any
	Kind  string // text, date, age, place, coordinates, number, vocab, url
	Need  bool   // an incident cannot be imported without it (a rule or a constant)
}

// Fields lists what a column can be mapped to, in the order the page shows them.
var Fields = []FieldInfo{
	{Name: "external_id", Kind: "text"},
	{Name: "incident.title", Kind: "text", Need: true},
	{Name: "incident.date", Kind: "date", Need: true},
	{Name: "incident.county", Kind: "place", Need: true},
	{Name: "incident.place", Kind: "text"},
	{Name: "incident.coordinates", Kind: "coordinates"},
	{Name: "incident.latitude", Kind: "number"},
	{Name: "incident.longitude", Kind: "number"},
	{Name: "incident.type", Kind: "vocab", Vocab: "incident_type", Need: true},
	{Name: "incident.narrative", Kind: "text"},
	{Name: "incident.context", Kind: "vocab", Vocab: "context"},
	{Name: "victim.name", Kind: "text"},
	{Name: "victim.other_names", Kind: "text"},
	{Name: "victim.sex", Kind: "vocab", Vocab: "sex"},
	{Name: "victim.age", Kind: "age"},
	{Name: "victim.occupation", Kind: "text"},
	{Name: "act.type", Kind: "vocab", Vocab: "act_type"},
	{Name: "act.method", Kind: "vocab", Vocab: "method"},
	{Name: "act.outcome", Kind: "vocab", Vocab: "victim_status"},
	{Name: "act.notes", Kind: "text"},
	{Name: "perpetrator.service", Kind: "vocab", Vocab: "service"},
	{Name: "perpetrator.station", Kind: "text"},
	{Name: "perpetrator.officer", Kind: "text"},
	{Name: "perpetrator.degree", Kind: "vocab", Vocab: "involvement"},
	{Name: "source.title", Kind: "text"},
	{Name: "source.url", Kind: "url"},
	{Name: "source.date", Kind: "date"},
	{Name: "source.kind", Kind: "vocab", Vocab: "source_kind"},
	{Name: "source.reliability", Kind: "vocab", Vocab: "reliability"},
}

// FieldByName returns the field called name.
func FieldByName(name string) (FieldInfo, bool) {
	for _, f := range Fields {
		if f.Name == name {
			return f, true
		}
	}
	return FieldInfo{}, false
}

// Types lists what an import can create; only incidents so far.
var Types = []string{"incidents"}

// AllTypes lists the types the command line names, importable or not.
var AllTypes = []string{"incidents", "persons", "cases", "professionals"}

// MaxMappingSize bounds a mapping's JSON.
const MaxMappingSize = 256 << 10

// ParseMapping reads and checks a mapping's JSON. Unknown keys are refused
// so that a misspelt key is not silently ignored.
func ParseMapping(b []byte) (*Mapping, error) {
	if len(b) > MaxMappingSize {
		return nil, haki.Errorf(haki.EINVALID, "The mapping is larger than %d KB.", MaxMappingSize>>10)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var m Mapping
	if err := dec.Decode(&m); err != nil {
		return nil, haki.Errorf(haki.EINVALID, "The mapping is not valid JSON: %v", err)
	}
	if dec.More() {
		return nil, haki.Errorf(haki.EINVALID, "The mapping has something after its closing brace.")
	}
	return &m, m.Validate()
}

// Validate checks a mapping on its own; Compile checks it against a
// sheet's columns.
func (m *Mapping) Validate() error {
	p := haki.Problems{}
	if m.Version != 1 {
		p.Add("version", "Write \"version\": 1.")
	}
	if m.Type == "" {
		m.Type = "incidents"
	}
	if !slices.Contains(AllTypes, m.Type) {
		p.Add("type", "The type is one of incidents, persons, cases, professionals.")
	}
	if err := haki.ValidateBatchSystem(m.System); err != nil {
		p.Add("system", "Name the source system: 1 to 100 lower-case letters, digits, dots, dashes, underscores or colons.")
	}
	if m.Country != "" && !haki.ValidCountry(m.Country) {
		p.Add("country", "Give the country's two-letter code (ISO 3166-1), or leave it out for the organisation's country.")
	}
	seen := map[string]bool{}
	for i, r := range m.Fields {
		key := fmt.Sprintf("fields[%d]", i)
		if _, ok := FieldByName(r.Field); !ok {
			p.Add(key+".field", fmt.Sprintf("%q is not a field that can be imported.", r.Field))
			continue
		}
		if seen[r.Field] {
			p.Add(key+".field", fmt.Sprintf("%s is mapped twice.", r.Field))
		}
		seen[r.Field] = true
		n := 0
		for _, set := range []bool{r.Column != "", len(r.Columns) > 0, r.Template != ""} {
			if set {
				n++
			}
		}
		if n > 1 {
			p.Add(key, "Give one of column, columns or template.")
		}
		if n == 0 && r.Value == "" {
			p.Add(key, "Give a column, columns, a template or a constant value.")
		}
		if len(r.Columns) > 10 {
			p.Add(key+".columns", "Join at most 10 columns.")
		}
		if len(r.Values) > 10000 {
			p.Add(key+".values", "Give at most 10,000 value mappings.")
		}
		if r.Template != "" {
			if _, err := parseTemplate(r.Template); err != nil {
				p.Add(key+".template", err.Error())
			}
		}
	}
	for _, f := range Fields {
		if f.Need && !seen[f.Name] {
			p.Add("fields", fmt.Sprintf("Map a column or give a constant for %s.", f.Name))
		}
	}
	return p.Err()
}

// Columns returns the columns the mapping reads, in order, each once.
func (m *Mapping) Columns() []string {
	var out []string
	add := func(c string) {
		if c != "" && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	for _, r := range m.Fields {
		add(r.Column)
		for _, c := range r.Columns {
			add(c)
		}
		if parts, err := parseTemplate(r.Template); err == nil {
			for _, p := range parts {
				if p.column {
					add(p.text)
				}
			}
		}
	}
	return out
}

// templatePart is literal text or a column name of a Template.
type templatePart struct {
	text   string
	column bool
}

func parseTemplate(s string) ([]templatePart, error) {
	var parts []templatePart
	for s != "" {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			if strings.Contains(s, "}") {
				return nil, fmt.Errorf("a } without its {")
			}
			parts = append(parts, templatePart{text: s})
			break
		}
		if strings.Contains(s[:i], "}") {
			return nil, fmt.Errorf("a } without its {")
		}
		if i > 0 {
			parts = append(parts, templatePart{text: s[:i]})
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			return nil, fmt.Errorf("a { without its }")
		}
		name := strings.TrimSpace(s[i+1 : i+j])
		if name == "" || strings.Contains(name, "{") {
			return nil, fmt.Errorf("name a column between { and }")
		}
		parts = append(parts, templatePart{text: name, column: true})
		s = s[i+j+1:]
	}
	return parts, nil
}
