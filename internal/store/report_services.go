package store

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/haki-kenya/haki"
)

// The case-work reports: services, litigation, the network and
// indicators. Each computes a haki.Figures in one snapshot and returns it
// inside a *haki.Report, so Store.Report serves all six reports. Like the
// incident reports they count every record, sensitive cases too: no figure
// names anyone, and small cells are hidden from roles that do not see
// identities.

// caseReports are the case-work reports' computations.
var caseReports = map[string]func(tx *Tx, f haki.ReportFilter) (*haki.Figures, error){
	haki.ReportServices:   (*Tx).servicesReport,
	haki.ReportLitigation: (*Tx).litigationReport,
	haki.ReportNetwork:    (*Tx).networkReport,
	haki.ReportIndicators: (*Tx).indicatorsReport,
}

// caseReport checks the caller and computes a case-work report.
func (s *Store) caseReport(ctx context.Context, name string, f haki.ReportFilter) (*haki.Report, error) {
	u := haki.UserFromContext(ctx)
	if !u.Can(haki.PermDashboard) {
		return nil, haki.Errorf(haki.EFORBIDDEN, "You may not see reports.")
	}
	if f.AllDates {
		return nil, haki.Problems{haki.PeriodAll: "All dates is for the incident reports; choose a period."}.Err()
	}
	if f.From.IsZero() || f.To.IsZero() || f.To.Before(f.From) {
		return nil, haki.Errorf(haki.EINVALID, "Choose the period of the report.")
	}
	if len(f.Bands) == 0 {
		f.Bands = haki.DefaultAgeBands()
	}
	if !u.Role.SeesIdentities() {
		if err := f.CheckLattice(); err != nil {
			return nil, err
		}
	}
	r := &haki.Report{Name: name, Filter: f, Counts: name}
	err := s.snapshotRead(ctx, func(tx *Tx) error {
		if err := tx.checkReportCodes(f, ""); err != nil {
			return err
		}
		r.GeneratedAt = tx.now
		fig, err := caseReports[name](tx, f)
		r.Figures = fig
		return err
	})
	if err != nil {
		return nil, err
	}
	if !u.Role.SeesIdentities() {
		r.Protect(f.Threshold())
	}
	return r, nil
}

// ServicesReport computes the services report.
func (s *Store) ServicesReport(ctx context.Context, f haki.ReportFilter) (*haki.Report, error) {
	return s.caseReport(ctx, haki.ReportServices, f)
}

// figClientAge is the age of a case's client (alias cp, case c) on the day
// of intake: from the birth date (a year less before the birthday when it
// is known to the day), else the estimated age.
const figClientAge = `(CASE WHEN LENGTH(cp.birth_date) = 10 THEN c.intake_year - CAST(SUBSTR(cp.birth_date, 1, 4) AS INTEGER)
		- CASE WHEN cp.birth_precision = 'day' AND SUBSTR(c.intake_date, 6) < SUBSTR(cp.birth_date, 6) THEN 1 ELSE 0 END
	WHEN cp.estimated_age IS NOT NULL THEN cp.estimated_age END)`

// figVictimAge is a victim's age (act a, person p, incident i) as the
// incident reports work it out.
const figVictimAge = `(CASE WHEN a.victim_age IS NOT NULL THEN a.victim_age
	WHEN LENGTH(p.birth_date) = 10 AND LENGTH(i.occurred_on) = 10 THEN CAST(SUBSTR(i.occurred_on, 1, 4) AS INTEGER) - CAST(SUBSTR(p.birth_date, 1, 4) AS INTEGER)
		- CASE WHEN p.birth_precision = 'day' AND i.date_precision = 'day' AND SUBSTR(i.occurred_on, 6) < SUBSTR(p.birth_date, 6) THEN 1 ELSE 0 END
	END)`

// figBand is the SQL of the age band of age: the bands' codes as
// literals made here from whole numbers, never from a request.
func figBand(age string, bands haki.AgeBands) string {
	if len(bands) == 0 {
		bands = haki.DefaultAgeBands()
	}
	codes := bands.Codes()
	var b strings.Builder
	b.WriteString("(CASE WHEN " + age + " IS NULL OR " + age + " < 0 OR " + age + " > 120 THEN '" + haki.AgeUnknown + "'")
	for i, n := range bands {
		b.WriteString(" WHEN " + age + " < " + strconv.Itoa(n) + " THEN '" + codes[i] + "'")
	}
	b.WriteString(" ELSE '" + codes[len(codes)-1] + "' END)")
	return b.String()
}

// figCaseScope is the condition (on alias c, a case) of the cases a
// case-work report counts under the filter: county, incident type,
// context, perpetrator service and station through the case's incidents;
// sex and age band of the client.
func figCaseScope(f haki.ReportFilter) (string, []any) {
	where, args := []string{"1 = 1"}, []any{}
	inc := func(cond string, arg any) {
		where = append(where, `EXISTS (SELECT 1 FROM case_incidents fci JOIN incidents fi ON fi.id = fci.incident_id WHERE fci.case_id = c.id AND `+cond+`)`)
		args = append(args, arg)
	}
	if f.CountyCode != "" {
		inc("fi.county_code = ?", f.CountyCode)
	}
	if f.IncidentType != "" {
		inc("EXISTS (SELECT 1 FROM incident_types ft WHERE ft.incident_id = fi.id AND ft.type_code = ?)", f.IncidentType)
	}
	if f.Context != "" {
		inc("fi.context = ?", f.Context)
	}
	if f.ServiceCode != "" {
		inc("EXISTS (SELECT 1 FROM acts fa JOIN involvements fv ON fv.act_id = fa.id WHERE fa.incident_id = fi.id AND fv.service_code = ?)", f.ServiceCode)
	}
	if f.InstitutionID != "" {
		inc("EXISTS (SELECT 1 FROM acts fa JOIN involvements fv ON fv.act_id = fa.id WHERE fa.incident_id = fi.id AND fv.institution_id = ?)", f.InstitutionID)
	}
	if f.Sex != "" {
		where = append(where, `EXISTS (SELECT 1 FROM persons cp WHERE cp.id = c.client_id AND cp.sex = ?)`)
		args = append(args, f.Sex)
	}
	if f.AgeBand != "" {
		where = append(where, `EXISTS (SELECT 1 FROM persons cp WHERE cp.id = c.client_id AND `+figBand(figClientAge, f.Bands)+` = ?)`)
		args = append(args, f.AgeBand)
	}
	return strings.Join(where, " AND "), args
}

// figRows runs a grouped query whose first column is the code and the
// others counts, into rows of a table with cols columns.
func (tx *Tx) figRows(q string, args []any, cols int) ([]haki.FigRow, error) {
	rows, err := tx.query(q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []haki.FigRow
	for rows.Next() {
		r := haki.FigRow{Values: make([]haki.Count, cols)}
		dst := []any{&r.Code}
		for i := range r.Values {
			dst = append(dst, &r.Values[i].N)
		}
		if err := rows.Scan(dst...); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// figOrder puts rows in the order of codes, adding zero rows for codes
// without one; other rows follow, largest first.
func figOrder(rows []haki.FigRow, codes []string, cols int) []haki.FigRow {
	slices.SortFunc(rows, func(a, b haki.FigRow) int {
		if a.Values[0].N != b.Values[0].N {
			return b.Values[0].N - a.Values[0].N
		}
		return strings.Compare(a.Code, b.Code)
	})
	out := make([]haki.FigRow, 0, len(rows)+len(codes))
	for _, code := range codes {
		i := slices.IndexFunc(rows, func(r haki.FigRow) bool { return r.Code == code })
		if i >= 0 {
			out = append(out, rows[i])
			rows = slices.Delete(rows, i, i+1)
		} else {
			out = append(out, haki.FigRow{Code: code, Values: make([]haki.Count, cols)})
		}
	}
	return append(out, rows...)
}

func figCount(key string, n int) haki.Figure { return haki.Figure{Key: key, Value: haki.Count{N: n}} }

// figDay is the day after t, for half-open comparisons of timestamps.
func figDayAfter(t time.Time) string { return fmtDate(t.AddDate(0, 0, 1)) }

// Day bands of the days from intake to first service.
var figDayBands = []struct {
	code   string
	lo, hi int
}{{"0", 0, 0}, {"1-7", 1, 7}, {"8-30", 8, 30}, {"31-90", 31, 90}, {"91+", 91, 1 << 30}}

// FigDayBands lists the codes of the days table of the services report.
func FigDayBands() []string {
	out := make([]string, len(figDayBands))
	for i, b := range figDayBands {
		out[i] = b.code
	}
	return out
}

// servicesReport: survivors served, services by type, provider and
// profession, referrals, days from intake to first service, drop-out.
func (tx *Tx) servicesReport(f haki.ReportFilter) (*haki.Figures, error) {
	scope, sargs := figCaseScope(f)
	from, to := fmtDate(f.From), fmtDate(f.To)
	fig := &haki.Figures{Rules: []string{"report.services.rule.survivors", "report.services.rule.group",
		"report.services.rule.referrals", "report.services.rule.days", "report.services.rule.dropout"}}
	base := ` FROM services s JOIN cases c ON c.id = s.case_id WHERE s.delivered_on >= ? AND s.delivered_on <= ? AND ` + scope
	args := append([]any{from, to}, sargs...)
	var survivors, services, groups, cost int
	if err := tx.queryRow(`SELECT COUNT(DISTINCT c.client_id), COUNT(*), COUNT(DISTINCT CASE WHEN s.group_id <> '' THEN s.group_id END),
		COALESCE(SUM(s.cost_kes), 0)`+base, args...).Scan(&survivors, &services, &groups, &cost); err != nil {
		return nil, err
	}
	fig.Summary = append(fig.Summary, figCount("survivors_served", survivors), figCount("services", services),
		figCount("group_sessions", groups),
		haki.Figure{Key: "cost_kes", Unit: haki.UnitKES, Value: haki.Count{N: cost}, Of: []string{"services"}})
	cols := []haki.FigColumn{{Key: "services"}, {Key: "survivors_served"}, {Key: "cost_kes", Unit: haki.UnitKES, Of: 0}}
	measures := `, COUNT(*), COUNT(DISTINCT c.client_id), COALESCE(SUM(s.cost_kes), 0)`
	byType, err := tx.figRows(`SELECT s.service_type`+measures+base+` GROUP BY s.service_type`, args, 3)
	if err != nil {
		return nil, err
	}
	byProvider, err := tx.figRows(`SELECT CASE WHEN s.professional_id IS NOT NULL THEN 'network' ELSE 'staff' END`+measures+base+
		` GROUP BY CASE WHEN s.professional_id IS NOT NULL THEN 'network' ELSE 'staff' END`, args, 3)
	if err != nil {
		return nil, err
	}
	byProfession, err := tx.figRows(`SELECT pr.profession`+measures+` FROM services s JOIN cases c ON c.id = s.case_id
		JOIN professionals pr ON pr.id = s.professional_id WHERE s.delivered_on >= ? AND s.delivered_on <= ? AND `+scope+` GROUP BY pr.profession`, args, 3)
	if err != nil {
		return nil, err
	}
	fig.Tables = append(fig.Tables,
		haki.FigTable{By: "service_type", Columns: cols, Rows: figOrder(byType, haki.ServiceTypes, 3)},
		haki.FigTable{By: "provider", Columns: cols, Rows: figOrder(byProvider, haki.Providers, 3)},
		haki.FigTable{By: "profession", Columns: cols, Rows: figOrder(byProfession, haki.Professions, 3)})

	// Referrals sent in the period, by where they stand now.
	var made, completed, declined, open, overdue int
	if err := tx.queryRow(`SELECT COUNT(*), COUNT(CASE WHEN r.status = 'completed' THEN 1 END), COUNT(CASE WHEN r.status = 'declined' THEN 1 END),
		COUNT(CASE WHEN r.status IN ('sent', 'accepted') THEN 1 END), COUNT(CASE WHEN r.status IN ('sent', 'accepted') AND r.due_on < ? THEN 1 END)
		FROM referrals r JOIN cases c ON c.id = r.case_id WHERE r.sent_on >= ? AND r.sent_on <= ? AND `+scope,
		append([]any{fmtDate(haki.Today(tx.now)), from, to}, sargs...)...).Scan(&made, &completed, &declined, &open, &overdue); err != nil {
		return nil, err
	}
	fig.Summary = append(fig.Summary, figCount("referrals_made", made), figCount("referrals_completed", completed),
		figCount("referrals_declined", declined), figCount("referrals_open", open), figCount("referrals_overdue", overdue))
	byStatus, err := tx.figRows(`SELECT r.status, COUNT(*) FROM referrals r JOIN cases c ON c.id = r.case_id
		WHERE r.sent_on >= ? AND r.sent_on <= ? AND `+scope+` GROUP BY r.status`, append([]any{from, to}, sargs...), 1)
	if err != nil {
		return nil, err
	}
	fig.Tables = append(fig.Tables, haki.FigTable{By: "referral_status", Columns: []haki.FigColumn{{Key: "referrals"}},
		Rows: figOrder(byStatus, haki.ReferralStatuses, 1)})

	// Days from intake to first service, for the cases whose first
	// service was delivered in the period.
	rows, err := tx.query(`SELECT c.intake_date, MIN(s.delivered_on) FROM cases c JOIN services s ON s.case_id = c.id
		WHERE `+scope+` GROUP BY c.id, c.intake_date HAVING MIN(s.delivered_on) >= ? AND MIN(s.delivered_on) <= ?`, append(sargs, from, to)...)
	if err != nil {
		return nil, err
	}
	var days []int
	for rows.Next() {
		var intake, first string
		if err := rows.Scan(&intake, &first); err != nil {
			rows.Close()
			return nil, err
		}
		days = append(days, max(0, int(parseDate(first).Sub(parseDate(intake)).Hours()/24+0.5)))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.Sort(days)
	median := 0
	if len(days) > 0 {
		median = days[(len(days)-1)/2]
	}
	fig.Summary = append(fig.Summary, figCount("first_service_cases", len(days)),
		haki.Figure{Key: "median_days", Unit: haki.UnitDays, Value: haki.Count{N: median}, Of: []string{"first_service_cases"}})
	dt := haki.FigTable{By: "days", Columns: []haki.FigColumn{{Key: "cases"}}}
	for _, b := range figDayBands {
		n := 0
		for _, d := range days {
			if d >= b.lo && d <= b.hi {
				n++
			}
		}
		dt.Rows = append(dt.Rows, haki.FigRow{Code: b.code, Values: []haki.Count{{N: n}}})
	}
	fig.Tables = append(fig.Tables, dt)

	// Drop-out: cases closed lost to follow-up over cases closed in the
	// period. A case was closed on the day of its latest status change.
	closedOn := `SUBSTR(COALESCE((SELECT MAX(e.occurred_at) FROM case_events e WHERE e.case_id = c.id AND e.kind = 'status'), c.updated_at), 1, 10)`
	byReason, err := tx.figRows(`SELECT c.closure_reason, COUNT(*) FROM cases c WHERE c.status = 'closed' AND `+closedOn+` >= ? AND `+closedOn+` <= ? AND `+scope+
		` GROUP BY c.closure_reason`, append([]any{from, to}, sargs...), 1)
	if err != nil {
		return nil, err
	}
	closed, lost := 0, 0
	for _, r := range byReason {
		closed += r.Values[0].N
		if r.Code == "lost_to_follow_up" {
			lost += r.Values[0].N
		}
	}
	fig.Summary = append(fig.Summary, figCount("cases_closed", closed), figCount("cases_lost", lost),
		haki.Figure{Key: "dropout_rate", Unit: haki.UnitPercent, Value: haki.Count{N: lost}, Pct: haki.Percent(lost, closed),
			Of: []string{"cases_closed", "cases_lost"}})
	fig.Tables = append(fig.Tables, haki.FigTable{By: "closure_reason", Columns: []haki.FigColumn{{Key: "cases"}},
		Rows: figOrder(byReason, []string{"services_completed", "referred_out", "lost_to_follow_up", "withdrawn", "deceased"}, 1)})
	return fig, nil
}
