package importer

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/haki-kenya/haki"
)

// Reference is what the importer checks a sheet's values against: the
// vocabularies and the country's gazetteer, read from the database once
// per import.
type Reference struct {
	Terms     []haki.Term // every active term of every vocabulary
	Gazetteer *Gazetteer
	Country   string // the gazetteer's country
	Now       time.Time
}

// Issue is something wrong (or, as a Warning, worth knowing) with one
// value of one row: its row number in the file, column, value and what.
type Issue struct {
	Row     int    `json:"row"`
	Column  string `json:"column,omitempty"`
	Value   string `json:"value,omitempty"`
	Field   string `json:"field"`
	Message string `json:"message"`
	Warning bool   `json:"warning,omitempty"`
}

// Compiled is a mapping bound to a sheet's columns and to the reference
// data, ready to turn rows into batch rows.
type Compiled struct {
	m      *Mapping
	rules  map[string]*boundRule
	hashed []int // columns hashed into the external id when no column gives it
	vocab  map[string]map[string]string
	gaz    *Gazetteer
	now    time.Time
	header []string
	seen   map[[16]byte]int32 // content hashes of the rows so far, for ExternalID
}

type boundRule struct {
	Rule
	cols   []int
	tmpl   []templatePart
	tcols  []int
	values map[string]string // normalised key
}

// Compile binds m to a sheet's header: every column it names must exist.
func Compile(m *Mapping, header []string, ref Reference) (*Compiled, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	if m.Type != "incidents" {
		return nil, haki.Errorf(haki.EINVALID, "Importing %s is not possible yet: only incidents (with their victims, perpetrators and sources) can be imported.", m.Type)
	}
	idx := map[string]int{}
	for i, h := range header {
		idx[normColumn(h)] = i
	}
	p := haki.Problems{}
	col := func(key, name string) int {
		i, ok := idx[normColumn(name)]
		if !ok {
			p.Add(key, fmt.Sprintf("The sheet has no column %q.", name))
			return -1
		}
		return i
	}
	c := &Compiled{m: m, rules: map[string]*boundRule{}, vocab: map[string]map[string]string{}, gaz: ref.Gazetteer, now: ref.Now, header: header}
	for i, r := range m.Fields {
		key := fmt.Sprintf("fields[%d]", i)
		br := &boundRule{Rule: r, values: map[string]string{}}
		if r.Column != "" {
			br.cols = []int{col(key+".column", r.Column)}
		}
		for _, name := range r.Columns {
			br.cols = append(br.cols, col(key+".columns", name))
		}
		if r.Template != "" {
			br.tmpl, _ = parseTemplate(r.Template)
			for _, tp := range br.tmpl {
				if tp.column {
					br.tcols = append(br.tcols, col(key+".template", tp.text))
				} else {
					br.tcols = append(br.tcols, -1)
				}
			}
		}
		for k, v := range r.Values {
			br.values[normValue(k)] = strings.TrimSpace(v)
		}
		c.rules[r.Field] = br
	}
	for _, name := range m.Columns() {
		if i, ok := idx[normColumn(name)]; ok {
			c.hashed = append(c.hashed, i)
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	for _, t := range ref.Terms {
		if !t.Active {
			continue
		}
		v := c.vocab[t.Vocab]
		if v == nil {
			v = map[string]string{}
			c.vocab[t.Vocab] = v
		}
		for _, k := range []string{t.LabelEN, t.LabelSW, t.Code} {
			v[normValue(k)] = t.Code
		}
	}
	if c.gaz == nil {
		c.gaz = NewGazetteer(nil)
	}
	if c.rules["incident.county"] != nil && c.gaz.Empty() {
		return nil, haki.Errorf(haki.EINVALID, "No places of country %s are loaded: load its gazetteer first (haki gazetteer load).", ref.Country)
	}
	return c, nil
}

// CountryCode returns the gazetteer country the mapping's places are in,
// or "" for the organisation's country.
func (m *Mapping) CountryCode() string { return m.Country }

// normColumn compares column names without case or extra spaces.
func normColumn(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// normValue compares values without case or extra spaces.
func normValue(s string) string { return strings.ToLower(collapse(strings.TrimSpace(s))) }

// value is one field's value in a row: the text after value mapping, and
// where it came from, for the issue.
type value struct {
	text   string
	column string
	raw    string
}

// raw returns a rule's text for a row, before splitting and value
// mapping, and the column or columns it came from.
func (c *Compiled) raw(r *boundRule, row []string) (raw, column string) {
	cell := func(i int) string {
		if i >= 0 && i < len(row) {
			return strings.TrimSpace(row[i])
		}
		return ""
	}
	switch {
	case r.tmpl != nil:
		var b strings.Builder
		any, prevEmpty := false, false
		for i, tp := range r.tmpl {
			if !tp.column {
				text := tp.text
				if prevEmpty { // "in {city}, {state}" without a city: "in WA"
					text = strings.TrimLeft(text, ",;/-")
				}
				b.WriteString(text)
				continue
			}
			v := cell(r.tcols[i])
			any = any || v != ""
			prevEmpty = v == ""
			b.WriteString(v)
		}
		if any {
			raw = strings.Trim(collapse(b.String()), " ,;-")
		}
		return raw, r.Template
	case len(r.cols) == 1:
		return cell(r.cols[0]), r.Column
	case len(r.cols) > 1:
		sep := r.Join
		if sep == "" {
			sep = " "
		}
		var parts []string
		for _, i := range r.cols {
			if v := cell(i); v != "" {
				parts = append(parts, v)
			}
		}
		return strings.Join(parts, sep), strings.Join(r.Columns, "+")
	}
	return "", ""
}

// mapped applies a rule's value mappings to one piece of a cell.
func (r *boundRule) mapped(p string) string {
	p = strings.TrimSpace(p)
	if len(r.values) > 0 {
		if m, ok := r.values[normValue(p)]; ok {
			return m
		}
	}
	return p
}

// values returns a rule's values for a row: one, or several when the rule
// splits a cell; none when the row leaves the field empty.
func (c *Compiled) values(field string, row []string) []value {
	r := c.rules[field]
	if r == nil {
		return nil
	}
	raw, column := c.raw(r, row)
	if r.Split == "" || raw == "" {
		if v := c.one(field, row); v.text != "" {
			return []value{v}
		}
		return nil
	}
	var out []value
	for _, p := range strings.Split(raw, r.Split) {
		if p = r.mapped(p); p != "" {
			out = append(out, value{text: p, column: column, raw: raw})
		}
	}
	if len(out) == 0 && r.Value != "" {
		out = append(out, value{text: r.Value, column: column, raw: raw})
	}
	return out
}

// one returns the first value of a field, or an empty value.
func (c *Compiled) one(field string, row []string) value {
	r := c.rules[field]
	if r == nil {
		return value{}
	}
	raw, column := c.raw(r, row)
	p := raw
	if r.Split != "" {
		p, _, _ = strings.Cut(raw, r.Split)
	}
	v := value{text: r.mapped(p), column: column, raw: raw}
	if v.text == "" {
		v.text = r.Value
	}
	return v
}

// collapse replaces runs of spaces with one space.
func collapse(s string) string {
	if !strings.Contains(s, "  ") && !strings.ContainsAny(s, "\t\n\r") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// ExternalID returns the row's external id: the mapped column, or a stable
// hash of the values of every column the mapping reads.
func (c *Compiled) ExternalID(row []string) string {
	if v := c.one("external_id", row); v.text != "" {
		return v.text
	}
	h := sha256.New()
	for _, i := range c.hashed {
		if i < len(row) {
			h.Write([]byte(strings.TrimSpace(row[i])))
		}
		h.Write([]byte{0x1f})
	}
	var key [16]byte
	copy(key[:], h.Sum(nil))
	id := "sha256:" + hex.EncodeToString(key[:])
	// The same content twice in a file is two rows (two reports of one
	// victim are for the duplicate review to join, not the importer): the
	// second is "#2", so a re-run of the file matches each again.
	if c.seen == nil {
		c.seen = map[[16]byte]int32{}
	}
	c.seen[key]++
	if n := c.seen[key]; n > 1 {
		id += fmt.Sprintf("#%d", n)
	}
	return id
}

// Reset forgets the rows seen, before the same file is read again.
func (c *Compiled) Reset() { c.seen = nil }

// rowIssues collects a row's issues.
type rowIssues struct {
	line   int
	issues []Issue
	errors int
}

func (ri *rowIssues) add(field string, v value, err error, warning bool) {
	msg := err.Error()
	var e *haki.Error
	if errors.As(err, &e) {
		msg = e.Message
	}
	ri.issues = append(ri.issues, Issue{Row: ri.line, Column: v.column, Value: v.raw, Field: field, Message: msg, Warning: warning})
	if !warning {
		ri.errors++
	}
}

// code checks a value against a vocabulary, by code or label.
func (c *Compiled) code(ri *rowIssues, field, vocab string, v value) string {
	if v.text == "" {
		return ""
	}
	if code, ok := c.vocab[vocab][normValue(v.text)]; ok {
		return code
	}
	ri.add(field, v, haki.Errorf(haki.EINVALID, "This value is not in the vocabulary %s: map it to one of its codes with a value mapping.", vocab), false)
	return ""
}

// date reads a date field.
func (c *Compiled) date(ri *rowIssues, field string, row []string) haki.FuzzyDate {
	v := c.one(field, row)
	d, err := ParseDate(v.text, c.m.MonthFirst)
	if err != nil {
		ri.add(field, v, err, false)
	}
	return d
}

// incidentDate reads an incident's date. One that is empty, has no year,
// or says it is unknown ("unknown", "before 2010", "after 2015", as
// haki.ParseFuzzyDate reads them) is stored as unknown, with a warning:
// such incidents are counted on the reports' "unknown date" line, never
// refused or given a guessed year.
func (c *Compiled) incidentDate(ri *rowIssues, row []string) haki.FuzzyDate {
	v := c.one("incident.date", row)
	if d, err := haki.ParseFuzzyDate(v.text); err == nil && d.Unknown() {
		return d
	}
	d, err := ParseDate(v.text, c.m.MonthFirst)
	switch {
	case v.text == "":
		ri.add("incident.date", v, haki.Errorf(haki.EINVALID, "The date is empty: the incident is stored with its date unknown."), true)
		return haki.UnknownDate()
	case err == errNoYear:
		ri.add("incident.date", v, haki.Errorf(haki.EINVALID, "The date has no year: the incident is stored with its date unknown."), true)
		return haki.UnknownDate()
	case err != nil:
		ri.add("incident.date", v, err, false)
	}
	return d
}

// Row turns one row of the sheet into a batch row, with the issues found;
// the batch row is nil when an issue is an error (the row is rejected).
func (c *Compiled) Row(row []string, line int) (*haki.BatchIncident, []Issue) {
	ri := &rowIssues{line: line}
	bi := &haki.BatchIncident{ExternalID: c.ExternalID(row)}
	inc := &bi.Incident
	inc.Title = c.one("incident.title", row).text
	inc.Narrative = c.one("incident.narrative", row).text
	for _, v := range c.values("incident.type", row) {
		if code := c.code(ri, "incident.type", "incident_type", v); code != "" {
			inc.Types = append(inc.Types, code)
		}
	}
	inc.Context = c.code(ri, "incident.context", "context", c.one("incident.context", row))
	inc.Occurred = c.incidentDate(ri, row)
	c.place(ri, inc, row)
	c.coordinates(ri, inc, row)
	inc.Verification = "unverified"
	c.victim(ri, bi, row)
	c.source(ri, bi, row)
	if ri.errors > 0 {
		return nil, ri.issues
	}
	bi.Normalize()
	if err := bi.Validate(c.now, nil); err != nil {
		var e *haki.Error
		if errors.As(err, &e) {
			for f, msg := range e.Fields {
				ri.add(f, value{}, haki.Errorf(haki.EINVALID, "%s", msg), false)
			}
		} else {
			ri.add("", value{}, err, false)
		}
		return nil, ri.issues
	}
	return bi, ri.issues
}

func (c *Compiled) place(ri *rowIssues, inc *haki.Incident, row []string) {
	inc.PlaceName = c.one("incident.place", row).text
	v := c.one("incident.county", row)
	if v.text == "" {
		if c.rules["incident.county"] != nil {
			ri.add("incident.county", v, haki.Errorf(haki.EINVALID, "The place is empty."), false)
		}
		return
	}
	m, err := c.gaz.Resolve(v.text)
	if err != nil {
		ri.add("incident.county", v, err, false)
		return
	}
	inc.CountyCode, inc.SubCountyCode = m.Area, m.SubArea
	if inc.PlaceName == "" {
		inc.PlaceName = m.Place
	}
	if m.Note != "" {
		ri.add("incident.county", v, errors.New(m.Note), true)
	}
}

func (c *Compiled) coordinates(ri *rowIssues, inc *haki.Incident, row []string) {
	var lat, lon float64
	var ok bool
	var err error
	v := c.one("incident.coordinates", row)
	if v.text != "" {
		lat, lon, ok, err = ParseCoordinates(v.text)
	} else {
		la, lo := c.one("incident.latitude", row), c.one("incident.longitude", row)
		if la.text == "" && lo.text == "" {
			return
		}
		v = la
		var e1, e2 error
		lat, e1 = strconv.ParseFloat(la.text, 64)
		lon, e2 = strconv.ParseFloat(lo.text, 64)
		ok = e1 == nil && e2 == nil
		if !ok {
			err = haki.Errorf(haki.EINVALID, "Give both latitude and longitude as numbers.")
		} else {
			err = checkCoordinates(lat, lon)
		}
	}
	if err != nil {
		ri.add("incident.coordinates", v, err, false)
		return
	}
	if ok {
		inc.Latitude, inc.Longitude = &lat, &lon
	}
}

// victimFields are the fields that make a row carry a victim.
var victimFields = []string{"victim.name", "victim.other_names", "victim.sex", "victim.age", "victim.occupation", "act.type", "act.method", "act.outcome"}

func (c *Compiled) victim(ri *rowIssues, bi *haki.BatchIncident, row []string) {
	has := false
	for _, f := range victimFields {
		has = has || c.rules[f] != nil
	}
	if !has {
		return
	}
	pid := bi.ExternalID + "/victim"
	p := haki.Person{FullName: c.one("victim.name", row).text}
	if p.FullName == "" {
		p.FullName = "Unknown"
	}
	for _, v := range c.values("victim.other_names", row) {
		p.OtherNames = append(p.OtherNames, v.text)
	}
	p.Sex = c.code(ri, "victim.sex", "sex", c.one("victim.sex", row))
	if p.Sex == "" {
		p.Sex = "unknown"
	}
	p.Occupation = c.one("victim.occupation", row).text
	a := haki.Act{VictimStatus: c.code(ri, "act.outcome", "victim_status", c.one("act.outcome", row)),
		ActType: c.code(ri, "act.type", "act_type", c.one("act.type", row)),
		Method:  c.code(ri, "act.method", "method", c.one("act.method", row)),
		Notes:   c.one("act.notes", row).text}
	if av := c.one("victim.age", row); av.text != "" {
		age, ok, err := ParseAge(av.text)
		switch {
		case err != nil:
			ri.add("victim.age", av, err, false)
		case ok:
			n := age.Years
			a.VictimAge = &n
			p.EstimatedAge = &n
			if age.Estimated {
				ri.add("victim.age", av, fmt.Errorf("Age estimated as %d years.", n), true)
				note := fmt.Sprintf("Age estimated as %d from %q.", n, av.text)
				a.Notes = strings.TrimSpace(a.Notes + " " + note)
			}
		}
	}
	if a.ActType == "" && c.rules["act.type"] == nil {
		ri.add("act.type", value{}, haki.Errorf(haki.EINVALID, "Map a column or give a constant for act.type: what was done to the victim."), false)
	}
	if a.VictimStatus == "" {
		ri.add("act.outcome", c.one("act.outcome", row), haki.Errorf(haki.EINVALID, "Say what became of the victim (killed, injured, missing, …)."), false)
	}
	bi.Persons = append(bi.Persons, haki.BatchPerson{ExternalID: pid, Person: p})
	bi.Acts = append(bi.Acts, haki.BatchAct{ExternalID: "victim", Victim: pid, Act: a})
	c.perpetrator(ri, bi, row)
}

func (c *Compiled) perpetrator(ri *rowIssues, bi *haki.BatchIncident, row []string) {
	service := c.one("perpetrator.service", row)
	station := c.one("perpetrator.station", row).text
	officer := c.one("perpetrator.officer", row).text
	if service.text == "" && station == "" && officer == "" {
		return
	}
	v := haki.Involvement{ServiceCode: c.code(ri, "perpetrator.service", "service", service), OfficerName: officer,
		Degree: c.code(ri, "perpetrator.degree", "involvement", c.one("perpetrator.degree", row))}
	if v.ServiceCode == "" && service.text == "" {
		v.ServiceCode = "unknown"
	}
	if v.Degree == "" {
		v.Degree = "direct"
	}
	if station != "" {
		v.Notes = "Station: " + station
	}
	bi.Involvements = append(bi.Involvements, haki.BatchInvolvement{ExternalID: "perpetrator", Act: "victim", Involvement: v})
}

func (c *Compiled) source(ri *rowIssues, bi *haki.BatchIncident, row []string) {
	title, url := c.one("source.title", row), c.one("source.url", row)
	if title.text == "" && url.text == "" {
		return
	}
	s := haki.Source{Description: title.text, URL: url.text,
		Kind:        c.code(ri, "source.kind", "source_kind", c.one("source.kind", row)),
		Reliability: c.code(ri, "source.reliability", "reliability", c.one("source.reliability", row))}
	if strings.HasPrefix(title.text, "http://") || strings.HasPrefix(title.text, "https://") {
		if s.URL == "" {
			s.URL = title.text
		}
	}
	if s.URL != "" && !strings.HasPrefix(s.URL, "http://") && !strings.HasPrefix(s.URL, "https://") {
		ri.add("source.url", url, haki.Errorf(haki.EINVALID, "A link starts with https:// or http://."), false)
	}
	if s.Kind == "" {
		s.Kind = "public_report"
	}
	if s.Reliability == "" {
		s.Reliability = "cannot_judge"
	}
	s.SourceDate = c.date(ri, "source.date", row)
	bi.Sources = append(bi.Sources, haki.BatchSource{ExternalID: "source", Source: s})
}
