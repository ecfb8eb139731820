package store

import (
	"context"
	"time"

	"github.com/haki-kenya/haki"
)

// Indicators: an administrator defines them; everybody with the
// dashboard sees their progress. An indicator's value is a builder query
// without dimensions over the indicator's period.

const indicatorColumns = `id, name, measure, service_type, incident_type, county_code, target, period_from, period_to,
	COALESCE(created_by, ''), created_at, updated_at, version`

func scanIndicator(row interface{ Scan(...any) error }) (*haki.Indicator, error) {
	in := &haki.Indicator{}
	var from, to, created, updated string
	if err := row.Scan(&in.ID, &in.Name, &in.Measure, &in.ServiceType, &in.IncidentType, &in.CountyCode, &in.Target,
		&from, &to, &in.CreatedBy, &created, &updated, &in.Version); err != nil {
		return nil, err
	}
	in.From, in.To, in.CreatedAt, in.UpdatedAt = parseDate(from), parseDate(to), parseTime(created), parseTime(updated)
	return in, nil
}

// checkIndicator validates in and checks its codes against the
// vocabularies and the gazetteer.
func (tx *Tx) checkIndicator(in *haki.Indicator) error {
	pr := haki.Problems{}
	in.Normalize()
	if err := in.Validate(); err != nil {
		for k, m := range haki.ErrorFields(err) {
			pr.Add(k, m)
		}
	}
	if err := tx.checkTerm(pr, "incident_type", "incident_type", in.IncidentType); err != nil {
		return err
	}
	if in.CountyCode != "" && pr["county"] == "" {
		var n int
		if err := tx.queryRow(`SELECT COUNT(*) FROM places WHERE code = ? AND level = 1`, in.CountyCode).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			pr.Add("county", "Choose a county from the list.")
		}
	}
	return pr.Err()
}

// CreateIndicator stores a new indicator. Administrators and data managers.
func (s *Store) CreateIndicator(ctx context.Context, in *haki.Indicator) error {
	if err := require(haki.UserFromContext(ctx), haki.PermIndicators); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		if err := tx.checkIndicator(in); err != nil {
			return err
		}
		in.ID, in.CreatedBy, in.CreatedAt, in.UpdatedAt, in.Version = newID(), tx.userID(), tx.now, tx.now, 1
		if _, err := tx.exec(`INSERT INTO indicators (id, name, measure, service_type, incident_type, county_code, target, period_from, period_to,
			created_by, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
			in.ID, in.Name, in.Measure, in.ServiceType, in.IncidentType, in.CountyCode, in.Target, fmtDate(in.From), fmtDate(in.To),
			nullString(in.CreatedBy), fmtTime(tx.now), fmtTime(tx.now)); err != nil {
			return tx.mapErr(err, "indicator")
		}
		return tx.audit("create", "indicator", in.ID, nil, in)
	})
}

// UpdateIndicator replaces an indicator; in.Version must be the one read.
func (s *Store) UpdateIndicator(ctx context.Context, in *haki.Indicator) error {
	if err := require(haki.UserFromContext(ctx), haki.PermIndicators); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		before, err := tx.findIndicator(in.ID)
		if err != nil {
			return err
		}
		if err := tx.checkIndicator(in); err != nil {
			return err
		}
		if err := tx.execOne("indicator", `UPDATE indicators SET name = ?, measure = ?, service_type = ?, incident_type = ?, county_code = ?,
			target = ?, period_from = ?, period_to = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			in.Name, in.Measure, in.ServiceType, in.IncidentType, in.CountyCode, in.Target, fmtDate(in.From), fmtDate(in.To),
			fmtTime(tx.now), in.ID, in.Version); err != nil {
			return err
		}
		in.CreatedBy, in.CreatedAt, in.UpdatedAt, in.Version = before.CreatedBy, before.CreatedAt, tx.now, in.Version+1
		return tx.audit("update", "indicator", in.ID, before, in)
	})
}

// DeleteIndicator removes an indicator. Administrators and data managers.
func (s *Store) DeleteIndicator(ctx context.Context, id string) error {
	if err := require(haki.UserFromContext(ctx), haki.PermIndicators); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		before, err := tx.findIndicator(id)
		if err != nil {
			return err
		}
		if err := tx.execOne("indicator", `DELETE FROM indicators WHERE id = ?`, id); err != nil {
			return err
		}
		return tx.audit("delete", "indicator", id, before, nil)
	})
}

func (tx *Tx) findIndicator(id string) (*haki.Indicator, error) {
	in, err := scanIndicator(tx.queryRow(`SELECT `+indicatorColumns+` FROM indicators WHERE id = ?`, id))
	if isNoRows(err) {
		return nil, haki.Errorf(haki.ENOTFOUND, "Indicator not found.")
	}
	return in, err
}

// FindIndicatorByID returns one indicator.
func (s *Store) FindIndicatorByID(ctx context.Context, id string) (*haki.Indicator, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermDashboard, "indicator"); err != nil {
		return nil, err
	}
	var in *haki.Indicator
	err := s.read(ctx, func(tx *Tx) (err error) {
		in, err = tx.findIndicator(id)
		return err
	})
	return in, err
}

// findIndicators returns the indicators, by period and name.
func (tx *Tx) findIndicators() ([]*haki.Indicator, error) {
	rows, err := tx.query(`SELECT ` + indicatorColumns + ` FROM indicators ORDER BY period_from, name, id LIMIT 500`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*haki.Indicator
	for rows.Next() {
		in, err := scanIndicator(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, in)
	}
	return out, rows.Err()
}

// FindIndicators returns every indicator with its value over its own
// period (counted up to today), the target reached in percent. Small
// values are hidden from roles that do not see identities.
func (s *Store) FindIndicators(ctx context.Context) ([]*haki.IndicatorProgress, error) {
	u := haki.UserFromContext(ctx)
	if err := require(u, haki.PermDashboard); err != nil {
		return nil, err
	}
	var out []*haki.IndicatorProgress
	err := s.snapshotRead(ctx, func(tx *Tx) error {
		ins, err := tx.findIndicators()
		if err != nil {
			return err
		}
		for _, in := range ins {
			n, err := tx.indicatorValue(in, in.From, in.To)
			if err != nil {
				return err
			}
			out = append(out, &haki.IndicatorProgress{Indicator: in, Value: haki.Count{N: n}, Pct: haki.Percent(n, in.Target)})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if !u.Role.SeesIdentities() {
		below := haki.ReportFilter{}.Threshold()
		for _, p := range out {
			p.SuppressBelow = below
			if p.Value.N > 0 && p.Value.N < below {
				p.Value, p.Pct = haki.Count{Suppressed: true}, 0
			} else if p.Indicator.Query(p.Indicator.From, p.Indicator.To).Measure != haki.MeasureCost {
				haki.RoundCount(&p.Value, below) // as in every report (report_protect.go)
				p.Pct = haki.Percent(p.Value.N, p.Indicator.Target)
			}
		}
	}
	return out, nil
}

// indicatorValue counts an indicator's measure between from and to.
func (tx *Tx) indicatorValue(in *haki.Indicator, from, to time.Time) (int, error) {
	res, err := tx.runBuilder(in.Query(from, to))
	if err != nil {
		return 0, err
	}
	return res.Total.N, nil
}

// indicatorsReport: each indicator whose period meets the report's, its
// value over the days both periods share, its target and the percent.
func (tx *Tx) indicatorsReport(f haki.ReportFilter) (*haki.Figures, error) {
	ins, err := tx.findIndicators()
	if err != nil {
		return nil, err
	}
	fig := &haki.Figures{Rules: []string{"report.indicators.rule"}}
	t := haki.FigTable{By: "indicator", Independent: true, Columns: []haki.FigColumn{{Key: "value"}, {Key: "target", Unit: haki.UnitNumber},
		{Key: "progress", Unit: haki.UnitPercent, Of: 0}}}
	for _, in := range ins {
		if in.To.Before(f.From) || in.From.After(f.To) {
			continue
		}
		from, to := in.From, in.To
		if f.From.After(from) {
			from = f.From
		}
		if f.To.Before(to) {
			to = f.To
		}
		n, err := tx.indicatorValue(in, from, to)
		if err != nil {
			return nil, err
		}
		t.Rows = append(t.Rows, haki.FigRow{Code: in.ID, Label: in.Name + " (" + fmtDate(from) + " – " + fmtDate(to) + ")",
			Values: []haki.Count{{N: n}, {N: in.Target}, {N: n}}, Pcts: []float64{0, 0, haki.Percent(n, in.Target)}})
	}
	fig.Summary = append(fig.Summary, haki.Figure{Key: "indicators", Unit: haki.UnitNumber, Value: haki.Count{N: len(t.Rows)}})
	fig.Tables = append(fig.Tables, t)
	return fig, nil
}

// IndicatorsReport computes the indicators report.
func (s *Store) IndicatorsReport(ctx context.Context, f haki.ReportFilter) (*haki.Report, error) {
	return s.caseReport(ctx, haki.ReportIndicators, f)
}
