package store

import (
	"fmt"

	"github.com/haki-kenya/haki"
)

// Report filters are read by one parser, haki.ParseReportFilter (the
// builder's by haki.ParseBuilderQuery, which uses it), in the web pages,
// the API and the command alike; it checks their shape. Whether a code
// names something is known only here: every report the store computes
// (standard, case-work, builder) first calls checkReportCodes, so an
// unknown code is refused with its name, never answered with zeros.

// reportCode is a filter's code and where it must be found.
type reportCode struct {
	field, code string
	query       string // one row when the code exists
	args        []any
	message     string // with %s for the code
}

// checkReportCodes refuses a filter naming a county, vocabulary code or
// institution the database does not hold; status is the builder's case
// status filter ("" when none). Retired terms are still accepted: old
// records carry them.
func (tx *Tx) checkReportCodes(f haki.ReportFilter, status string) error {
	term := func(field, vocab, code, message string) reportCode {
		return reportCode{field, code, `SELECT 1 FROM terms WHERE vocab = ? AND code = ?`, []any{vocab, code}, message}
	}
	p := haki.Problems{}
	for _, c := range []reportCode{
		{"county", f.CountyCode, `SELECT 1 FROM places WHERE code = ? AND level = 1`, []any{f.CountyCode}, "There is no county %s."},
		term("type", "incident_type", f.IncidentType, "There is no incident type %s."),
		term("service", "service", f.ServiceCode, "There is no security service %s."),
		term("context", "context", f.Context, "There is no context %s."),
		term("sex", "sex", f.Sex, "There is no sex %s."),
		term("status", "case_status", status, "There is no case status %s."),
		{"institution", f.InstitutionID, `SELECT 1 FROM institutions WHERE id = ?`, []any{f.InstitutionID}, "There is no institution %s."},
	} {
		if c.code == "" {
			continue
		}
		var one int
		err := tx.queryRow(c.query, c.args...).Scan(&one)
		if isNoRows(err) {
			p.Add(c.field, fmt.Sprintf(c.message, c.code))
		} else if err != nil {
			return fmt.Errorf("checking the report filter's %s: %w", c.field, err)
		}
	}
	return p.Err()
}
