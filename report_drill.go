package haki

import (
	"net/url"
	"strconv"
	"time"
)

// Query writes the filter as ParseReportFilter reads it: the period as
// from and to, and each filter that is set.
func (f ReportFilter) Query() url.Values {
	v := url.Values{}
	if f.AllDates {
		v.Set(PeriodAll, "all")
	} else {
		v.Set("from", f.From.Format(time.DateOnly))
		v.Set("to", f.To.Format(time.DateOnly))
	}
	for k, s := range map[string]string{"county": f.CountyCode, "type": f.IncidentType, "service": f.ServiceCode,
		"institution": f.InstitutionID, "context": f.Context, "sex": f.Sex, "age_band": f.AgeBand} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if len(f.Bands) > 0 && f.Bands.String() != DefaultAgeBands().String() {
		v.Set("age_bands", f.Bands.String())
	}
	return v
}

// DrillQuery returns the query of the incident list behind a figure of
// report name under f: the whole report when by is "", else the row code
// of breakdown by. ok is false where no list can be drawn: the month of
// incidents known only to their year, and rows of things not recorded.
func DrillQuery(name string, f ReportFilter, by, code string) (v url.Values, ok bool) {
	v = f.Query()
	v.Set("report", name)
	if by == "" {
		return v, true
	}
	if code == "" {
		return nil, false
	}
	switch by {
	case ByMonth:
		t, err := time.Parse("2006-01", code)
		if err != nil {
			return nil, false
		}
		v.Set("year", strconv.Itoa(t.Year()))
		v.Set("month", strconv.Itoa(int(t.Month())))
	case ByYear: // not the unknown date: the list has no such filter
		if _, err := strconv.Atoi(code); err != nil {
			return nil, false
		}
		v.Set("year", code)
	case ByType:
		v.Set("type", code)
	case ByCounty:
		v.Set("county", code)
	case ByContext:
		v.Set("context", code)
	case BySex:
		v.Set("sex", code)
	case ByAgeBand:
		v.Set("age_band", code)
	case ByService:
		v.Set("service", code)
	case ByInstitution:
		v.Set("institution", code)
	case ByMethod:
		v.Set("method", code)
	case ByFate:
		v.Set("fate", code)
	case ByConsequence:
		v.Set("consequence", code)
	default:
		return nil, false
	}
	return v, true
}

// ReadDrill reads the drill-down part of an incident list's query (see
// DrillQuery) into lf: the report, its filter, and the row's method, fate
// or consequence. It does nothing when the query names no report.
func (lf *IncidentFilter) ReadDrill(v url.Values) error {
	name := v.Get("report")
	if name == "" {
		return nil
	}
	p := Problems{}
	if _, ok := ReportTypes[name]; !ok {
		p.Add("report", "Unknown report; choose executions or torture.")
	}
	f, err := ParseReportFilter(v)
	if err != nil {
		return err
	}
	for _, k := range []string{"method", "fate", "consequence"} {
		if s := v.Get(k); s != "" && !codeShape.MatchString(s) {
			p.Add(k, "A code is lower-case letters, digits and underscores, such as anti_crime.")
		}
	}
	if err := p.Err(); err != nil {
		return err
	}
	lf.Report, lf.ReportFilter = name, f
	lf.Method, lf.Fate, lf.Consequence = v.Get("method"), v.Get("fate"), v.Get("consequence")
	return nil
}
