package haki

// The research extract: one row per victim of an act, de-identified for
// researchers outside the organisation. A row holds codes only: the month
// of the incident (never the day), its types, county (never the
// sub-county, place name or coordinates), the victim's sex and age band
// (never the birth date or the age), the act's type, method and the
// victim's status, the perpetrators' services (never an officer's name,
// number or rank, and never the institution, whose name may point at one
// station), the context and the verification. No reference, id, name,
// contact or narrative leaves. Then k-anonymity on the chosen
// quasi-identifiers (research_extract_anonymise.go): every combination of
// their values that remains is shared by at least k rows.

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The quasi-identifiers a research extract may protect: the fields of a
// row that an outsider could know about a victim and link to them.
const (
	QICounty       = "county"
	QISex          = "sex"
	QIAgeBand      = "age_band"
	QIMonth        = "month"
	QIIncidentType = "incident_type"
	QIService      = "service"
)

// ExtractQIs lists the quasi-identifiers in the order a key is built.
var ExtractQIs = []string{QICounty, QISex, QIAgeBand, QIMonth, QIIncidentType, QIService}

// DefaultExtractQIs are county, sex and age band.
var DefaultExtractQIs = []string{QICounty, QISex, QIAgeBand}

// The limits of k, and its default.
const (
	DefaultExtractK = 5
	MinExtractK     = 5
	MaxExtractK     = 100
)

// Extract strategies: generalise then suppress, or suppress only.
const (
	ExtractGeneralise = "generalise"
	ExtractSuppress   = "suppress"
)

// ExtractAny is the value of a quasi-identifier generalised to nothing.
const ExtractAny = "any"

// ExtractRow is one victim of one act, codes only. Types and Services
// hold several codes, sorted, joined by ";".
type ExtractRow struct {
	Month        string `json:"month"` // YYYY-MM, or YYYY when only the year is known
	Types        string `json:"incident_types"`
	County       string `json:"county"`
	Sex          string `json:"sex"`
	AgeBand      string `json:"age_band"` // one of DefaultAgeBands().Codes() or AgeUnknown
	ActType      string `json:"act_type"`
	VictimStatus string `json:"victim_status"`
	Method       string `json:"method"`
	Services     string `json:"perpetrator_services"`
	Context      string `json:"context"`
	Verification string `json:"verification"`
}

// ExtractColumns are the CSV header of the extract, in the order of
// ExtractRow's fields.
var ExtractColumns = []string{"month", "incident_types", "county", "sex", "age_band", "act_type", "victim_status", "method",
	"perpetrator_services", "context", "verification"}

// extractFields is the number of fields of an ExtractRow.
const extractFields = 11

// fields returns the row's values in ExtractColumns order.
func (r ExtractRow) fields() [extractFields]string {
	return [extractFields]string{r.Month, r.Types, r.County, r.Sex, r.AgeBand, r.ActType, r.VictimStatus, r.Method,
		r.Services, r.Context, r.Verification}
}

// Record returns the row as CSV cells in ExtractColumns order.
func (r ExtractRow) Record() []string { f := r.fields(); return f[:] }

// qiField is the index in ExtractColumns of each quasi-identifier.
var qiField = map[string]int{QIMonth: 0, QIIncidentType: 1, QICounty: 2, QISex: 3, QIAgeBand: 4, QIService: 8}

// ExtractOptions are what a research extract is asked for.
type ExtractOptions struct {
	From, To time.Time
	// Types keeps incidents of any of these types; empty keeps all.
	Types      []string
	CountyCode string
	K          int
	QIs        []string // a subset of ExtractQIs, in ExtractQIs order
	Strategy   string   // ExtractGeneralise or ExtractSuppress
	// MaxSuppressed is the share of rows (0 to 1) generalisation aims to
	// suppress at most before it stops; the default is 0.05.
	MaxSuppressed float64
	Format        string // "csv" or "json"
	// Regions maps a county to its region, for generalisation; the store
	// fills it from the gazetteer. A county without one becomes "any".
	Regions map[string]string `json:"-"`
}

// DefaultExtractMaxSuppressed is the share of rows generalisation is
// allowed to leave for suppression.
const DefaultExtractMaxSuppressed = 0.05

// ParseExtractOptions reads options from a query string or flags: the
// period (from and to, as ParsePeriod), type (codes separated by commas),
// county, k (5 to 100), qi (a comma-separated subset of ExtractQIs),
// strategy, max_suppressed (a percentage, 0 to 50) and format.
func ParseExtractOptions(v url.Values) (ExtractOptions, error) {
	p := Problems{}
	o := ExtractOptions{K: DefaultExtractK, Strategy: ExtractGeneralise, MaxSuppressed: DefaultExtractMaxSuppressed, Format: "csv"}
	get := func(k string) string { return strings.TrimSpace(v.Get(k)) }
	if get(PeriodFrom) == "" || get(PeriodTo) == "" {
		p.Add(PeriodFrom, "Give the start and the end of the period.")
	} else if from, to, err := ParsePeriod(url.Values{PeriodFrom: {get(PeriodFrom)}, PeriodTo: {get(PeriodTo)}}); err != nil {
		p.Add(PeriodFrom, ErrorMessage(err))
	} else {
		o.From, o.To = from, to
	}
	for t := range strings.SplitSeq(get("type"), ",") {
		if t = strings.TrimSpace(t); t == "" {
			continue
		} else if !codeShape.MatchString(t) || len(o.Types) >= 20 {
			p.Add("type", "Choose up to 20 incident types from the list.")
			break
		} else if !slices.Contains(o.Types, t) {
			o.Types = append(o.Types, t)
		}
	}
	if c := get("county"); c != "" {
		if !countyShape.MatchString(c) {
			p.Add("county", "Choose a county from the list.")
		}
		o.CountyCode = c
	}
	if s := get("k"); s != "" {
		k, err := strconv.Atoi(s)
		if err != nil || k < MinExtractK || k > MaxExtractK {
			p.Add("k", "Choose k between 5 and 100.")
		}
		o.K = k
	}
	o.QIs = parseQIs(p, get("qi"))
	switch s := get("strategy"); s {
	case "":
	case ExtractGeneralise, ExtractSuppress:
		o.Strategy = s
	default:
		p.Add("strategy", "Choose generalise or suppress.")
	}
	if s := get("max_suppressed"); s != "" {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || !(f >= 0 && f <= 50) {
			p.Add("max_suppressed", "Give a percentage between 0 and 50.")
		}
		o.MaxSuppressed = f / 100
	}
	switch s := get("format"); s {
	case "":
	case "csv", "json":
		o.Format = s
	default:
		p.Add("format", "Choose csv or json.")
	}
	if err := p.Err(); err != nil {
		return ExtractOptions{}, err
	}
	return o, nil
}

// parseQIs reads the quasi-identifiers, or returns the default for "".
func parseQIs(p Problems, s string) []string {
	if s == "" {
		return slices.Clone(DefaultExtractQIs)
	}
	chosen := map[string]bool{}
	for q := range strings.SplitSeq(s, ",") {
		q = strings.TrimSpace(q)
		if !slices.Contains(ExtractQIs, q) {
			p.Add("qi", "Choose quasi-identifiers among county, sex, age_band, month, incident_type and service.")
			return nil
		}
		chosen[q] = true
	}
	var out []string
	for _, q := range ExtractQIs {
		if chosen[q] {
			out = append(out, q)
		}
	}
	return out
}

// Query writes the options as ParseExtractOptions reads them.
func (o ExtractOptions) Query() url.Values {
	v := url.Values{}
	if !o.From.IsZero() {
		v.Set(PeriodFrom, o.From.Format(time.DateOnly))
		v.Set(PeriodTo, o.To.Format(time.DateOnly))
	}
	if len(o.Types) > 0 {
		v.Set("type", strings.Join(o.Types, ","))
	}
	if o.CountyCode != "" {
		v.Set("county", o.CountyCode)
	}
	v.Set("k", strconv.Itoa(o.K))
	v.Set("qi", strings.Join(o.QIs, ","))
	v.Set("strategy", o.Strategy)
	v.Set("max_suppressed", strconv.FormatFloat(o.MaxSuppressed*100, 'f', -1, 64))
	return v
}
