package web

import (
	"net/url"
	"strconv"

	"github.com/haki-kenya/haki"
)

// readIncidentDrill narrows the incident list to the incidents behind a
// report's figure when its query names a report (haki.DrillQuery): the
// report's period and filters, the row's month, method, fate or
// consequence. It sets the link back to the report.
func (s *Server) readIncidentDrill(lf *haki.IncidentFilter, p *incidentListPage, f incidentFilter) error {
	if f.Month != "" {
		m, err := strconv.Atoi(f.Month)
		if err != nil || m < 1 || m > 12 || lf.Year == 0 {
			return haki.Problems{"month": "Choose a month from 1 to 12."}.Err()
		}
		lf.Month = m
	}
	if f.Drill == nil {
		return nil
	}
	v := url.Values{}
	for k := range f.Drill {
		v.Set(k, f.Drill.Get(k))
	}
	for k, s := range map[string]string{"type": f.Type, "county": f.County} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if err := lf.ReadDrill(v); err != nil {
		return err
	}
	back := lf.ReportFilter.Query()
	p.ReportURL = "/reports/" + lf.Report + "?" + back.Encode()
	return nil
}
