package haki

import (
	"net/url"
	"slices"
	"strings"
	"time"
)

// The report builder: pick the records, filters, up to two
// dimensions and a measure, and get a table and a chart. Every records
// kind, dimension, measure and filter is a name from the lists below; the
// store turns each name into SQL it wrote itself, so no text a user types
// ever reaches a statement.

// Records a builder query counts.
const (
	RecIncidents     = "incidents"
	RecVictims       = "victims"        // acts: a victim of an incident
	RecPersonsServed = "persons_served" // clients of cases with a service
	RecServices      = "services"
	RecCases         = "cases"
	RecEvaluations   = "evaluations" // signed medico-legal evaluations
	RecFindings      = "findings"    // the findings of signed evaluations
)

// BuilderRecords lists the records, in menu order.
var BuilderRecords = []string{RecIncidents, RecVictims, RecPersonsServed, RecServices, RecCases, RecEvaluations, RecFindings}

// Dimensions of the builder.
const (
	DimCounty        = "county"
	DimMonth         = "month"
	DimYear          = "year"
	DimIncidentType  = "incident_type"
	DimContext       = "context"
	DimSex           = "sex"
	DimAgeBand       = "age_band"
	DimPerpetrator   = "perpetrator" // the perpetrators' service (vocabulary "service")
	DimActType       = "act_type"
	DimMethod        = "method"
	DimVictimStatus  = "victim_status"
	DimVerification  = "verification"
	DimServiceType   = "service_type"
	DimProvider      = "provider" // staff or network
	DimProfession    = "profession"
	DimCaseStatus    = "status"
	DimIntakeChannel = "intake_channel"
	DimClosureReason = "closure_reason"
	DimEvalKind      = "evaluation_kind" // physical, psychological or both (EvaluationKinds)
	DimOverallLevel  = "overall_level"   // an evaluation's overall level (OpinionLevels)
	DimOpinionLevel  = "opinion_level"   // a finding's level (OpinionLevels)
	DimFindingKind   = "finding_kind"    // physical or psychological
)

// Measures of the builder.
const (
	MeasureIncidents = "incidents"
	MeasureVictims   = "victims"  // distinct (incident, victim) pairs
	MeasurePersons   = "persons"  // distinct persons: victims or clients
	MeasureCount     = "count"    // rows of the records: acts, services, cases
	MeasureCost      = "cost_kes" // sum of services' cost in KES
)

// BuilderDims lists the dimensions each records kind can be broken down by.
var BuilderDims = map[string][]string{
	RecIncidents: {DimCounty, DimYear, DimMonth, DimIncidentType, DimContext, DimPerpetrator, DimVerification},
	RecVictims: {DimCounty, DimYear, DimMonth, DimIncidentType, DimContext, DimSex, DimAgeBand, DimPerpetrator,
		DimActType, DimMethod, DimVictimStatus},
	RecPersonsServed: {DimYear, DimMonth, DimServiceType, DimProvider, DimProfession, DimSex, DimAgeBand, DimCounty, DimCaseStatus},
	RecServices:      {DimYear, DimMonth, DimServiceType, DimProvider, DimProfession, DimSex, DimAgeBand, DimCounty, DimCaseStatus},
	RecCases:         {DimYear, DimMonth, DimCaseStatus, DimIntakeChannel, DimClosureReason, DimSex, DimAgeBand, DimCounty, DimIncidentType},
	RecEvaluations:   {DimYear, DimMonth, DimCounty, DimPerpetrator, DimEvalKind, DimOverallLevel},
	RecFindings:      {DimYear, DimMonth, DimCounty, DimPerpetrator, DimMethod, DimOpinionLevel, DimFindingKind},
}

// BuilderMeasures lists the measures of each records kind; the first is the default.
var BuilderMeasures = map[string][]string{
	RecIncidents:     {MeasureIncidents, MeasureVictims},
	RecVictims:       {MeasureVictims, MeasureIncidents, MeasurePersons, MeasureCount},
	RecPersonsServed: {MeasurePersons},
	RecServices:      {MeasureCount, MeasurePersons, MeasureCost},
	RecCases:         {MeasureCount, MeasurePersons},
	RecEvaluations:   {MeasureCount, MeasurePersons},
	RecFindings:      {MeasureCount},
}

// BuilderFilters lists the filters (query keys) each records kind accepts
// besides the period.
var BuilderFilters = map[string][]string{
	RecIncidents:     {"county", "type", "context", "service"},
	RecVictims:       {"county", "type", "context", "service", "sex", "age_band"},
	RecPersonsServed: {"county", "type", "sex", "age_band", "service_type", "provider", "profession", "status"},
	RecServices:      {"county", "type", "sex", "age_band", "service_type", "provider", "profession", "status"},
	RecCases:         {"county", "type", "sex", "age_band", "status", "court"},
	// Evaluations follow their examination day and the county of their
	// case's incidents; other filters are about victims and acts.
	RecEvaluations: {"county"},
	RecFindings:    {"county"},
}

// Chart kinds of the builder.
const (
	ChartBar     = "bar"
	ChartStacked = "stacked"
)

// BuilderQuery is a query of the builder. Its period may be empty (all
// time), as in an indicator, which has its own.
type BuilderQuery struct {
	Records string       `json:"records"`
	Dims    []string     `json:"dims"`
	Measure string       `json:"measure"`
	Chart   string       `json:"chart"`
	Filter  ReportFilter `json:"-"`
	// Filters of case work, beside those of ReportFilter.
	ServiceType string `json:"service_type,omitempty"` // one of ServiceTypes
	Provider    string `json:"provider,omitempty"`     // staff or network
	Profession  string `json:"profession,omitempty"`   // one of Professions
	Status      string `json:"status,omitempty"`       // case status code
	InCourt     bool   `json:"in_court,omitempty"`     // cases with a matter filed in court
}

// AllTime reports whether the query has no period of its own.
func (q BuilderQuery) AllTime() bool { return q.Filter.From.IsZero() }

// Providers are the values of the provider dimension and filter.
var Providers = []string{"staff", "network"}

// MaxBuilderCategories bounds the values of one dimension.
const MaxBuilderCategories = 400

// ParseBuilderQuery reads a builder query from a query string: records,
// dim1, dim2, measure, chart, and the filters from, to, county, type,
// context, service, sex, age_band, age_bands, service_type, provider,
// profession, status and court=yes. Every name is checked against the
// lists above; a filter the records do not have is refused, not ignored.
// Other keys are ignored.
func ParseBuilderQuery(v url.Values) (BuilderQuery, error) {
	p := Problems{}
	q := BuilderQuery{Records: strings.TrimSpace(v.Get("records")), Measure: strings.TrimSpace(v.Get("measure")),
		Chart: strings.TrimSpace(v.Get("chart"))}
	if !slices.Contains(BuilderRecords, q.Records) {
		p.Add("records", "Choose the records to count: incidents, victims, persons served, services, cases, evaluations or findings.")
		return q, p.Err()
	}
	for _, key := range []string{"dim1", "dim2"} {
		d := strings.TrimSpace(v.Get(key))
		switch {
		case d == "":
		case !slices.Contains(BuilderDims[q.Records], d):
			p.Add(key, "Unknown dimension for these records; choose one from the list.")
		case slices.Contains(q.Dims, d):
			p.Add(key, "Choose two different dimensions.")
		default:
			q.Dims = append(q.Dims, d)
		}
	}
	if v.Get("dim1") == "" && v.Get("dim2") != "" {
		p.Add("dim1", "Choose the first dimension before the second.")
	}
	if q.Measure == "" {
		q.Measure = BuilderMeasures[q.Records][0]
	} else if !slices.Contains(BuilderMeasures[q.Records], q.Measure) {
		p.Add("measure", "Unknown measure for these records; choose one from the list.")
	}
	switch q.Chart {
	case "":
		q.Chart = ChartBar
	case ChartBar, ChartStacked:
	default:
		p.Add("chart", "Choose a bar or a stacked bar chart.")
	}
	// The period: both empty is all time.
	pv := url.Values{}
	for _, k := range []string{"from", "to", "county", "type", "context", "service", "sex", "age_band", "age_bands"} {
		if s := strings.TrimSpace(v.Get(k)); s != "" {
			pv.Set(k, s)
		}
	}
	allTime := pv.Get("from") == "" && pv.Get("to") == ""
	if allTime {
		pv.Set("from", "2000")
	} else if pv.Get("from") == "" {
		p.Add("from", "Enter the first day of the period, or leave both days empty for all time.")
	}
	f, err := ParseReportFilter(pv)
	for k, m := range ErrorFields(err) {
		p.Add(k, m)
	}
	if allTime {
		f.From, f.To = time.Time{}, time.Time{}
	}
	q.Filter = f
	for _, c := range []struct {
		key  string
		dst  *string
		list []string
	}{{"service_type", &q.ServiceType, ServiceTypes}, {"provider", &q.Provider, Providers},
		{"profession", &q.Profession, Professions}} {
		*c.dst = strings.TrimSpace(v.Get(c.key))
		if *c.dst != "" && !slices.Contains(c.list, *c.dst) {
			p.Add(c.key, "Choose a value from the list.")
		}
	}
	q.Status = strings.TrimSpace(v.Get("status"))
	if q.Status != "" && !codeShape.MatchString(q.Status) {
		p.Add("status", "A code is lower-case letters, digits and underscores, such as anti_crime.")
	}
	switch c := strings.TrimSpace(v.Get("court")); c {
	case "":
	case "yes":
		q.InCourt = true
	default:
		p.Add("court", "Choose yes or leave empty.")
	}
	for _, k := range []string{"county", "type", "context", "service", "sex", "age_band", "service_type", "provider", "profession", "status", "court"} {
		if strings.TrimSpace(v.Get(k)) != "" && !slices.Contains(BuilderFilters[q.Records], k) {
			p.Add(k, "This filter does not apply to these records.")
		}
	}
	return q, p.Err()
}

// Values writes the query as ParseBuilderQuery reads it, in a stable order.
func (q BuilderQuery) Values() url.Values {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set("records", q.Records)
	for i, d := range q.Dims {
		set([]string{"dim1", "dim2"}[i], d)
	}
	set("measure", q.Measure)
	if q.Chart != ChartBar {
		set("chart", q.Chart)
	}
	f := q.Filter
	if !f.From.IsZero() {
		set("from", f.From.Format(time.DateOnly))
		set("to", f.To.Format(time.DateOnly))
	}
	set("county", f.CountyCode)
	set("type", f.IncidentType)
	set("context", f.Context)
	set("service", f.ServiceCode)
	set("sex", f.Sex)
	set("age_band", f.AgeBand)
	if len(f.Bands) > 0 && f.Bands.String() != DefaultAgeBands().String() {
		set("age_bands", f.Bands.String())
	}
	set("service_type", q.ServiceType)
	set("provider", q.Provider)
	set("profession", q.Profession)
	set("status", q.Status)
	if q.InCourt {
		set("court", "yes")
	}
	return v
}

// Encode writes the query as a query string (sorted keys).
func (q BuilderQuery) Encode() string { return q.Values().Encode() }

// BuilderResult is the answer to a builder query: a value per category of
// the first dimension (Rows) and, with two, per category of the second
// (Cols); Cells[i][j] is row i, column j (one column without a second
// dimension). Totals are counted, not added up: a victim can fall in
// several rows of a dimension such as the perpetrators' service.
type BuilderResult struct {
	Query       BuilderQuery `json:"query"`
	Rows        []string     `json:"rows,omitempty"`
	Cols        []string     `json:"cols,omitempty"`
	Cells       [][]Count    `json:"cells,omitempty"`
	RowTotals   []Count      `json:"row_totals,omitempty"`
	ColTotals   []Count      `json:"col_totals,omitempty"`
	Total       Count        `json:"total"`
	GeneratedAt time.Time    `json:"generated_at"`
	// SuppressBelow is the small-cell threshold applied, 0 when none was.
	SuppressBelow int `json:"suppress_below,omitempty"`
}

// SuppressSmallCells hides small counts for a reader who does not see
// identities: the total, each cell, each total, and then, line by line
// (each row with its total, each column with its total), one more cell
// wherever a line would hold exactly one hidden cell, until none does. A
// sum of shillings is hidden where too few services make it up: the
// store passes the counts behind each value as basis.
func (r *BuilderResult) SuppressSmallCells(below int, basis *BuilderResult) {
	r.SuppressBelow = below
	b := r
	if basis != nil {
		b = basis
	}
	hide := func(c, base *Count) {
		if base.N > 0 && base.N < below || base.Suppressed {
			*c = Count{Suppressed: true}
		}
	}
	hide(&r.Total, &b.Total)
	for i := range r.RowTotals {
		hide(&r.RowTotals[i], &b.RowTotals[i])
	}
	for j := range r.ColTotals {
		hide(&r.ColTotals[j], &b.ColTotals[j])
	}
	for i := range r.Cells {
		for j := range r.Cells[i] {
			hide(&r.Cells[i][j], &b.Cells[i][j])
		}
	}
	// Complementary suppression on the lines: cells are known from a shown
	// total only when rows do not overlap, but hiding one more is cheap.
	for range 20 {
		changed := false
		for i := range r.Cells {
			line := []*Count{}
			for j := range r.Cells[i] {
				line = append(line, &r.Cells[i][j])
			}
			if i < len(r.RowTotals) && len(r.Cells[i]) > 1 {
				line = append(line, &r.RowTotals[i])
			}
			changed = complement(line) || changed
		}
		if len(r.Cells) > 0 {
			for j := range r.Cells[0] {
				line := []*Count{}
				for i := range r.Cells {
					line = append(line, &r.Cells[i][j])
				}
				if j < len(r.ColTotals) {
					line = append(line, &r.ColTotals[j])
				} else {
					line = append(line, &r.Total)
				}
				changed = complement(line) || changed
			}
		}
		if !changed {
			break
		}
	}
}

// complement hides the smallest shown cell of a line that holds exactly
// one hidden cell, and reports whether it did.
func complement(line []*Count) bool {
	hidden, next := 0, -1
	for i, c := range line {
		switch {
		case c.Suppressed:
			hidden++
		case c.N > 0 && (next < 0 || line[next].N == 0 || c.N < line[next].N):
			next = i
		case c.N == 0 && next < 0:
			next = i
		}
	}
	if hidden != 1 || next < 0 {
		return false
	}
	*line[next] = Count{Suppressed: true}
	return true
}

// Sharing of a saved builder query.
const (
	SharePrivate  = "private"
	ShareTeam     = "team"
	ShareEveryone = "everyone"
)

// Sharings lists who can see a saved query.
var Sharings = []string{SharePrivate, ShareTeam, ShareEveryone}

// SavedReport is a builder query saved with a name.
type SavedReport struct {
	ID      string       `json:"id"`
	Name    string       `json:"name"`
	Query   BuilderQuery `json:"-"`
	QueryS  string       `json:"query"` // the query string of Query
	Sharing string       `json:"sharing"`
	OwnerID string       `json:"owner_id"`
	// TeamID is the owner's team when saved: "my team" means that team.
	TeamID    string    `json:"team_id,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Version   int       `json:"version"`
	// Read-only, joined for display.
	OwnerName string `json:"owner_name,omitempty"`
}

// Normalize trims the name and, when the query string reads, fills Query
// from it and writes it back in its one canonical form.
func (s *SavedReport) Normalize() {
	s.Name = strings.TrimSpace(s.Name)
	if v, err := url.ParseQuery(s.QueryS); err == nil {
		if q, err := ParseBuilderQuery(v); err == nil {
			s.Query, s.QueryS = q, q.Encode()
		}
	}
}

// Validate checks a normalised saved query's name, sharing and query.
func (s *SavedReport) Validate() error {
	p := Problems{}
	if s.Name == "" {
		p.Add("name", "Give the saved report a name.")
	} else if len([]rune(s.Name)) > 120 {
		p.Add("name", "Keep the name under 120 characters.")
	}
	if !slices.Contains(Sharings, s.Sharing) {
		p.Add("sharing", "Choose private, my team or everyone.")
	}
	if v, err := url.ParseQuery(s.QueryS); err != nil {
		p.Add("query", "The saved query cannot be read.")
	} else if _, err := ParseBuilderQuery(v); err != nil {
		p.Add("query", "The saved query cannot be read.")
	}
	return p.Err()
}
