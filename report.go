package haki

import (
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The standard reports. A report counts two things, and says so:
// victims, each a distinct (incident, victim) pair of the acts counted, so
// a person harmed in two incidents counts twice and one incident with
// three victims counts three times; and incidents. A breakdown by a
// property of the act (method, perpetrator, consequence) counts a victim
// once in every row that applies, so its rows may add up to more than the
// total.

// Report names.
const (
	ReportExecutions = "executions"
	ReportTorture    = "torture"
)

// ReportNames lists the reports that can be computed, in menu order.
var ReportNames = []string{ReportExecutions, ReportTorture}

// ReportVocabularies are the vocabularies whose labels the standard
// reports show, in pages, exports and the command alike.
var ReportVocabularies = []string{"incident_type", "context", "method", "service", "sex", "victim_status", "consequence", "closure_reason", "act_type"}

// ReportTypes lists the incident types each report covers.
var ReportTypes = map[string][]string{
	ReportExecutions: {"extrajudicial_execution", "death_in_custody", "enforced_disappearance"},
	ReportTorture:    {"torture", "cidt"},
}

// DefaultSuppressBelow is the smallest count shown to roles that do not see
// identities; smaller counts (except zero) are suppressed.
const DefaultSuppressBelow = 5

// ReportFilter selects what a report counts. From and To are whole days,
// both included. Empty fields do not filter.
type ReportFilter struct {
	From, To time.Time
	// AllDates asks for the whole period (query "period=all"): the store
	// sets From and To to the whole years of the dated incidents, and the
	// incidents whose date is unknown are counted too, in a line of their
	// own (DateUnknown) of the month and year breakdowns.
	AllDates      bool
	CountyCode    string // e.g. KE-047
	IncidentType  string // vocabulary "incident_type"
	ServiceCode   string // vocabulary "service": victims of acts it was involved in
	InstitutionID string // a station or unit
	Context       string // vocabulary "context"
	Sex           string // vocabulary "sex"
	AgeBand       string // one of Bands.Codes()
	Bands         AgeBands
	// SuppressBelow is the small-cell threshold, from configuration, never
	// from a request; 0 means DefaultSuppressBelow.
	SuppressBelow int
}

// Threshold returns the small-cell threshold in force.
func (f ReportFilter) Threshold() int {
	if f.SuppressBelow <= 0 {
		return DefaultSuppressBelow
	}
	return f.SuppressBelow
}

// PreviousPeriod returns the period of equal length just before the
// filter's: as many whole months when the period is whole months (so the
// year before a year), else as many days.
func (f ReportFilter) PreviousPeriod() (from, to time.Time) {
	if f.From.Day() == 1 && f.To.AddDate(0, 0, 1).Day() == 1 {
		months := (f.To.Year()-f.From.Year())*12 + int(f.To.Month()-f.From.Month()) + 1
		return f.From.AddDate(0, -months, 0), f.From.AddDate(0, 0, -1)
	}
	days := int(f.To.Sub(f.From).Hours()/24+0.5) + 1
	return f.From.AddDate(0, 0, -days), f.From.AddDate(0, 0, -1)
}

// AgeBands are the lower bounds of the age bands after the first, which
// starts at 0: {18, 35} makes "0-17", "18-34" and "35+".
type AgeBands []int

// DefaultAgeBands are under 18, 18 to 34, and 35 and over.
func DefaultAgeBands() AgeBands { return AgeBands{18, 35} }

// AgeUnknown is the band of a victim whose age cannot be told.
const AgeUnknown = "unknown"

// ParseAgeBands reads bounds such as "18,35": rising whole ages from 1 to 120.
func ParseAgeBands(s string) (AgeBands, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return DefaultAgeBands(), nil
	}
	var b AgeBands
	for part := range strings.SplitSeq(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(part))
		if err != nil || n < 1 || n > 120 || len(b) > 0 && n <= b[len(b)-1] {
			return nil, Errorf(EINVALID, "Age bands are rising ages between 1 and 120, separated by commas, such as 18,35.")
		}
		b = append(b, n)
	}
	if len(b) > 10 {
		return nil, Errorf(EINVALID, "Use at most 10 age band boundaries.")
	}
	return b, nil
}

// String writes the bounds as ParseAgeBands reads them.
func (b AgeBands) String() string {
	parts := make([]string, len(b))
	for i, n := range b {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, ",")
}

// Codes returns the bands' codes in order, such as "0-17", "18-34", "35+".
func (b AgeBands) Codes() []string {
	if len(b) == 0 {
		b = DefaultAgeBands()
	}
	out := make([]string, 0, len(b)+1)
	lo := 0
	for _, n := range b {
		out = append(out, strconv.Itoa(lo)+"-"+strconv.Itoa(n-1))
		lo = n
	}
	return append(out, strconv.Itoa(lo)+"+")
}

// Band returns the code of the band age falls in.
func (b AgeBands) Band(age int) string {
	if len(b) == 0 {
		b = DefaultAgeBands()
	}
	codes := b.Codes()
	for i, n := range b {
		if age < n {
			return codes[i]
		}
	}
	return codes[len(codes)-1]
}

var (
	codeShape   = regexp.MustCompile(`^[a-z0-9_]{1,40}$`)
	countyShape = regexp.MustCompile(`^[A-Z]{2}-[0-9]{3}$`)
	idShape     = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
)

// ParseReportFilter reads a filter from a query string or command-line
// flags: the period as ParsePeriod reads it (from and to, or year with
// quarter or month), county (KE-047 or 047), type, service, institution,
// context, sex, age_band and age_bands ("18,35"). Codes are checked for
// shape here; the store checks them against the vocabularies.
func ParseReportFilter(v url.Values) (ReportFilter, error) {
	p := Problems{}
	var f ReportFilter
	var err error
	switch strings.TrimSpace(v.Get(PeriodAll)) {
	case "all":
		f.AllDates = true
	case "":
	default:
		p.Add(PeriodAll, "The period is \"all\" or given by its dates or year.")
	}
	if !f.AllDates {
		if f.From, f.To, err = ParsePeriod(v); err != nil {
			for k, msg := range ErrorFields(err) {
				p.Add(k, msg)
			}
		}
	}
	f.CountyCode = strings.ToUpper(strings.TrimSpace(v.Get("county")))
	if n, err := strconv.Atoi(f.CountyCode); err == nil && n >= 1 && n <= 999 {
		f.CountyCode = "KE-" + leftPad3(n)
	}
	if f.CountyCode != "" && !countyShape.MatchString(f.CountyCode) {
		p.Add("county", "A county is a code such as KE-047 or 047.")
	}
	for _, c := range []struct {
		key string
		dst *string
	}{{"type", &f.IncidentType}, {"service", &f.ServiceCode}, {"context", &f.Context}, {"sex", &f.Sex}} {
		*c.dst = strings.TrimSpace(v.Get(c.key))
		if *c.dst != "" && !codeShape.MatchString(*c.dst) {
			p.Add(c.key, "A code is lower-case letters, digits and underscores, such as anti_crime.")
		}
	}
	f.InstitutionID = strings.ToLower(strings.TrimSpace(v.Get("institution")))
	if f.InstitutionID != "" && !idShape.MatchString(f.InstitutionID) {
		p.Add("institution", "An institution is given by its id.")
	}
	if f.Bands, err = ParseAgeBands(v.Get("age_bands")); err != nil {
		p.Add("age_bands", ErrorMessage(err))
		f.Bands = DefaultAgeBands()
	}
	f.AgeBand = strings.TrimSpace(v.Get("age_band"))
	if f.AgeBand != "" && f.AgeBand != AgeUnknown && !slices.Contains(f.Bands.Codes(), f.AgeBand) {
		p.Add("age_band", "Choose one of the age bands, such as 0-17, or unknown.")
	}
	return f, p.Err()
}

func leftPad3(n int) string {
	s := strconv.Itoa(n)
	for len(s) < 3 {
		s = "0" + s
	}
	return s
}

// Count is one figure of a report. A suppressed count is hidden for
// privacy: N is then 0 and must be shown as "fewer than" the threshold.
type Count struct {
	N          int  `json:"n"`
	Suppressed bool `json:"suppressed,omitempty"`
}

// ReportRow is one row of a breakdown: a code of the breakdown's
// vocabulary and its two counts.
type ReportRow struct {
	Code      string `json:"code"`
	Label     string `json:"label,omitempty"` // filled by whoever shows the report, in its language
	Victims   Count  `json:"victims"`
	Incidents Count  `json:"incidents"`
}

// Breakdown names of the standard reports; each is also the vocabulary
// (or "county", "month", "age_band", "institution") its codes come from.
const (
	ByMonth       = "month"
	ByCounty      = "county"
	BySex         = "sex"
	ByAgeBand     = "age_band"
	ByMethod      = "method"
	ByContext     = "context"
	ByService     = "service"
	ByInstitution = "institution"
	ByFate        = "fate" // codes of vocabulary "victim_status"
	ByConsequence = "consequence"
	ByYear        = "year"
	ByType        = "incident_type"
)

// DateUnknown is the month and year row of incidents whose date is
// unknown (maybe known only as before or after a year): shown in a report
// over all dates (ReportFilter.AllDates), never in a period's.
const DateUnknown = "date_unknown"

// Undated counts a report's incidents whose date is unknown, and their
// victims. Counted says whether they are in the report's figures (a
// report over all dates) or were left out of its period: then they are
// those that may fall in it (MayFallIn), a "before 2010" incident being
// left out of 2024 for certain and not counted here.
type Undated struct {
	Counted   bool  `json:"counted"`
	Victims   Count `json:"victims"`
	Incidents Count `json:"incidents"`
}

// MonthUnknown is the month row of incidents known only to the year: they
// count in the period's totals and in no month.
const MonthUnknown = "unknown"

// ReportTable is one breakdown of a report.
type ReportTable struct {
	By   string      `json:"by"`
	Rows []ReportRow `json:"rows"`
	// Multi reports that a victim can fall in several rows (a property of
	// acts or perpetrators), so the rows may add up to more than the total.
	Multi bool `json:"multi,omitempty"`
}

// Accountability counts what became of the perpetrators of a report's
// incidents: in the organisation's own court matters, and as recorded on
// each involvement from any source (news, the oversight authority, ...).
type Accountability struct {
	// Available is false where legal matters are not recorded.
	Available bool `json:"available"`
	// OfficersCharged counts perpetrators (involvements) accused in a
	// filed criminal or private prosecution.
	OfficersCharged Count `json:"officers_charged"`
	// OfficersConvicted counts those of them whose matter ended in conviction.
	OfficersConvicted Count `json:"officers_convicted"`
	// MattersInCourt counts the legal matters of cases linked to the
	// incidents that are filed, ongoing or on appeal.
	MattersInCourt Count `json:"matters_in_court"`
	// Outcomes counts, for each of OutcomeKinds in order, the perpetrators
	// (involvements) with at least one recorded outcome of that kind.
	Outcomes []OutcomeCount `json:"outcomes"`
}

// counts returns every count of a, for suppression and rounding.
func (a *Accountability) counts() []*Count {
	cs := []*Count{&a.OfficersCharged, &a.OfficersConvicted, &a.MattersInCourt}
	for i := range a.Outcomes {
		cs = append(cs, &a.Outcomes[i].Perpetrators)
	}
	return cs
}

// Report is a computed standard report.
type Report struct {
	Name   string       `json:"name"`
	Filter ReportFilter `json:"-"`
	// Counts names the report's main unit, "victims"; incidents are shown beside.
	Counts      string    `json:"counts"`
	GeneratedAt time.Time `json:"generated_at"`
	// SuppressBelow is the small-cell threshold applied, 0 when none was.
	SuppressBelow int   `json:"suppress_below,omitempty"`
	Victims       Count `json:"victims"`
	Incidents     Count `json:"incidents"`
	// The same counts over the period of equal length just before.
	PrevFrom      time.Time     `json:"previous_from"`
	PrevTo        time.Time     `json:"previous_to"`
	PrevVictims   Count         `json:"previous_victims"`
	PrevIncidents Count         `json:"previous_incidents"`
	Tables        []ReportTable `json:"tables"`
	// AllDates is set for a report over all dates (ReportFilter.AllDates).
	AllDates bool `json:"all_dates,omitempty"`
	// Undated counts the incidents whose date is unknown: in the figures
	// when AllDates, else left out of the period.
	Undated        Undated         `json:"undated"`
	Accountability *Accountability `json:"accountability,omitempty"`
	// Figures holds the content of a case-work report (services, litigation, network, indicators; figures.go).
	Figures *Figures `json:"figures,omitempty"`
	// Evaluations counts the medico-legal evaluations of the torture
	// report (evaluation_figures.go).
	Evaluations *EvaluationFigures `json:"evaluations,omitempty"`
}

// Table returns the breakdown by, or nil.
func (r *Report) Table(by string) *ReportTable {
	for i := range r.Tables {
		if r.Tables[i].By == by {
			return &r.Tables[i]
		}
	}
	return nil
}

// Change returns the change of victims from the previous period in
// percent; ok is false when either count is hidden or the previous is 0.
func (r *Report) Change() (pct float64, ok bool) {
	if r.Victims.Suppressed || r.PrevVictims.Suppressed || r.PrevVictims.N == 0 {
		return 0, false
	}
	return float64(r.Victims.N-r.PrevVictims.N) * 100 / float64(r.PrevVictims.N), true
}

// SuppressSmallCells hides counts under below in every breakdown of r and
// in its totals, for a reader who does not see identities. A zero is
// shown. Where a column of a breakdown would have exactly one hidden cell,
// the next smallest is hidden too, so that no cell can be worked out from
// the total and the others.
func (r *Report) SuppressSmallCells(below int) {
	r.SuppressBelow = below
	for _, c := range []*Count{&r.Victims, &r.Incidents, &r.PrevVictims, &r.PrevIncidents, &r.Undated.Victims, &r.Undated.Incidents} {
		suppressOne(c, below)
	}
	if r.Figures != nil {
		r.Figures.SuppressSmallCells(below)
	}
	if a := r.Accountability; a != nil {
		for _, c := range a.counts() {
			suppressOne(c, below)
		}
	}
	for i := range r.Tables {
		rows := r.Tables[i].Rows
		suppressColumn(rows, func(row *ReportRow) *Count { return &row.Victims }, below)
		suppressColumn(rows, func(row *ReportRow) *Count { return &row.Incidents }, below)
	}
}

func suppressOne(c *Count, below int) {
	if c.N > 0 && c.N < below {
		*c = Count{Suppressed: true}
	}
}

// suppressColumn applies the primary and complementary rule to one column.
func suppressColumn(rows []ReportRow, col func(*ReportRow) *Count, below int) {
	hidden, next := 0, -1
	for i := range rows {
		c := col(&rows[i])
		if c.N > 0 && c.N < below {
			hidden++
		}
	}
	if hidden == 1 {
		// The smallest cell left shown, zeros last: a zero hidden beside
		// the one small cell would protect nothing if zeros are known.
		for i := range rows {
			c := col(&rows[i])
			if c.N >= below && (next < 0 || c.N < col(&rows[next]).N) {
				next = i
			}
		}
		if next < 0 {
			for i := range rows {
				if c := col(&rows[i]); c.N == 0 {
					next = i
					break
				}
			}
		}
	}
	for i := range rows {
		c := col(&rows[i])
		if c.N > 0 && c.N < below || i == next {
			*c = Count{Suppressed: true}
		}
	}
}
