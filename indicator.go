package haki

import (
	"slices"
	"strings"
	"time"
)

// Indicator is a figure an administrator follows against a target over a
// period, such as "Survivors receiving holistic services: 6,000" from
// 2024 to 2028. Its value is a builder query without dimensions, chosen
// from a fixed set of measures and narrowed by a few filters.
type Indicator struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Measure string `json:"measure"` // one of IndicatorMeasures
	// Filters: ServiceType for survivors_served and services; IncidentType
	// for the others; CountyCode for all.
	ServiceType  string    `json:"service_type,omitempty"`
	IncidentType string    `json:"incident_type,omitempty"` // vocabulary "incident_type"
	CountyCode   string    `json:"county,omitempty"`
	Target       int       `json:"target"`
	From         time.Time `json:"from"`
	To           time.Time `json:"to"`
	CreatedBy    string    `json:"created_by,omitempty"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
	Version      int       `json:"version"`
}

// The measures of an indicator.
const (
	IndSurvivorsServed = "survivors_served" // distinct persons receiving services
	IndServices        = "services"         // services (of a type)
	IndIncidents       = "incidents"        // incidents (of a type)
	IndVictims         = "victims"          // victims of incidents (of a type)
	IndCasesInCourt    = "cases_in_court"   // cases registered with a matter filed in court
	IndCasesRegistered = "cases_registered" // cases registered
)

// IndicatorMeasures lists the measures, in menu order.
var IndicatorMeasures = []string{IndSurvivorsServed, IndServices, IndIncidents, IndVictims, IndCasesInCourt, IndCasesRegistered}

// MaxIndicatorTarget bounds a target.
const MaxIndicatorTarget = 1_000_000_000

// Normalize trims the name.
func (in *Indicator) Normalize() { in.Name = strings.TrimSpace(in.Name) }

// Validate checks a normalised indicator before it is stored.
func (in *Indicator) Validate() error {
	p := Problems{}
	if in.Name == "" {
		p.Add("name", "Give the indicator a name.")
	} else if len([]rune(in.Name)) > 200 {
		p.Add("name", "Keep the name under 200 characters.")
	}
	if !slices.Contains(IndicatorMeasures, in.Measure) {
		p.Add("measure", "Choose what the indicator counts.")
	}
	if in.ServiceType != "" && !slices.Contains(ServiceTypes, in.ServiceType) {
		p.Add("service_type", "Choose a value from the list.")
	}
	if in.ServiceType != "" && in.Measure != IndSurvivorsServed && in.Measure != IndServices {
		p.Add("service_type", "A kind of service narrows only survivors served and services.")
	}
	if in.IncidentType != "" && !codeShape.MatchString(in.IncidentType) {
		p.Add("incident_type", "A code is lower-case letters, digits and underscores, such as anti_crime.")
	}
	if in.IncidentType != "" && (in.Measure == IndSurvivorsServed || in.Measure == IndServices) {
		p.Add("incident_type", "An incident type does not narrow services.")
	}
	if in.CountyCode != "" && !countyShape.MatchString(in.CountyCode) {
		p.Add("county", "A county is a code such as KE-047 or 047.")
	}
	if in.Target < 1 || in.Target > MaxIndicatorTarget {
		p.Add("target", "Enter a target of 1 or more.")
	}
	if in.From.IsZero() {
		p.Add("from", "Enter the first day of the period.")
	}
	if in.To.IsZero() {
		p.Add("to", "Enter the last day of the period.")
	}
	if !in.From.IsZero() && !in.To.IsZero() {
		if in.To.Before(in.From) {
			p.Add("to", "The end of the period is before its start.")
		} else if in.To.Sub(in.From) > 100*366*24*time.Hour {
			p.Add("to", "Choose a period of at most 100 years.")
		}
	}
	return p.Err()
}

// Query returns the builder query that gives the indicator's value over
// from..to.
func (in *Indicator) Query(from, to time.Time) BuilderQuery {
	q := BuilderQuery{Chart: ChartBar, Filter: ReportFilter{From: from, To: to, CountyCode: in.CountyCode,
		IncidentType: in.IncidentType, Bands: DefaultAgeBands()}, ServiceType: in.ServiceType}
	switch in.Measure {
	case IndSurvivorsServed:
		q.Records, q.Measure = RecPersonsServed, MeasurePersons
	case IndServices:
		q.Records, q.Measure = RecServices, MeasureCount
	case IndIncidents:
		q.Records, q.Measure = RecIncidents, MeasureIncidents
	case IndVictims:
		q.Records, q.Measure = RecVictims, MeasureVictims
	case IndCasesInCourt:
		q.Records, q.Measure, q.InCourt = RecCases, MeasureCount, true
	default:
		q.Records, q.Measure = RecCases, MeasureCount
	}
	return q
}

// IndicatorProgress is an indicator with its value over its period.
type IndicatorProgress struct {
	*Indicator
	Value Count `json:"value"`
	// Pct is Value over Target in percent, to a tenth; 0 when Value is hidden.
	Pct float64 `json:"pct"`
	// SuppressBelow is the small-cell threshold applied, 0 when none was.
	SuppressBelow int `json:"suppress_below,omitempty"`
}

// BarPct is the width of the progress bar in percent, at most 100.
func (p *IndicatorProgress) BarPct() float64 { return min(p.Pct, 100) }
