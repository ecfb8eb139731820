package store

import (
	"context"

	"github.com/haki-kenya/haki"
)

// networkReport: the professionals of the directory per county and
// profession (and the counties with none), their engagements in the
// period (services delivered and referrals received) and the cost of
// their services. A county filter keeps the professionals who cover it;
// the other filters do not apply to the directory.
func (tx *Tx) networkReport(f haki.ReportFilter) (*haki.Figures, error) {
	from, to := fmtDate(f.From), fmtDate(f.To)
	fig := &haki.Figures{Rules: []string{"report.network.rule.coverage", "report.network.rule.engagements"}}
	pro, pargs := "1 = 1", []any{}
	if f.CountyCode != "" {
		pro, pargs = "EXISTS (SELECT 1 FROM professional_counties fpc WHERE fpc.professional_id = pr.id AND fpc.county_code = ?)", []any{f.CountyCode}
	}
	// Per profession: professionals, services, referrals, cost.
	rows, err := tx.figRows(`SELECT pr.profession, COUNT(*),
			COALESCE(SUM((SELECT COUNT(*) FROM services s WHERE s.professional_id = pr.id AND s.delivered_on >= ? AND s.delivered_on <= ?)), 0),
			COALESCE(SUM((SELECT COUNT(*) FROM referrals r WHERE r.professional_id = pr.id AND r.sent_on >= ? AND r.sent_on <= ?)), 0),
			COALESCE(SUM((SELECT COALESCE(SUM(s.cost_kes), 0) FROM services s WHERE s.professional_id = pr.id AND s.delivered_on >= ? AND s.delivered_on <= ?)), 0)
		FROM professionals pr WHERE `+pro+` GROUP BY pr.profession`, append([]any{from, to, from, to, from, to}, pargs...), 4)
	if err != nil {
		return nil, err
	}
	var professionals, services, referrals, cost int
	for i := range rows {
		v := rows[i].Values
		professionals, services, referrals, cost = professionals+v[0].N, services+v[1].N, referrals+v[2].N, cost+v[3].N
		// engagements = services + referrals, before cost
		rows[i].Values = []haki.Count{v[0], {N: v[1].N + v[2].N}, v[1], v[2], v[3]}
	}
	var toPartners int
	pq := `SELECT COUNT(*) FROM referrals r WHERE r.partner_id IS NOT NULL AND r.sent_on >= ? AND r.sent_on <= ?`
	if f.CountyCode != "" {
		pq += ` AND EXISTS (SELECT 1 FROM partners pa WHERE pa.id = r.partner_id AND pa.county_code = ?)`
	}
	if err := tx.queryRow(pq, append([]any{from, to}, pargs...)...).Scan(&toPartners); err != nil {
		return nil, err
	}
	fig.Tables = append(fig.Tables, haki.FigTable{By: "profession", Columns: []haki.FigColumn{{Key: "professionals"}, {Key: "engagements"},
		{Key: "network_services"}, {Key: "referrals_received"}, {Key: "cost_kes", Unit: haki.UnitKES, Of: 2}},
		Rows: figOrder(rows, haki.Professions, 5)})

	// Per county: professionals covering it, in all and per profession.
	counties, err := tx.figRows(`SELECT code, 0 FROM places WHERE country = `+orgCountry+` AND level = 1 ORDER BY code`, []any{haki.DefaultCountry}, 1)
	if err != nil {
		return nil, err
	}
	cover, err := tx.query(`SELECT pc.county_code, pr.profession, COUNT(*) FROM professional_counties pc JOIN professionals pr ON pr.id = pc.professional_id
		WHERE `+pro+` GROUP BY pc.county_code, pr.profession`, pargs...)
	if err != nil {
		return nil, err
	}
	cols := []haki.FigColumn{{Key: "professionals"}}
	for _, p := range haki.Professions {
		cols = append(cols, haki.FigColumn{Key: "profession." + p})
	}
	byCounty := map[string][]haki.Count{}
	for _, c := range counties {
		byCounty[c.Code] = make([]haki.Count, len(cols))
	}
	for cover.Next() {
		var county, profession string
		var n int
		if err := cover.Scan(&county, &profession, &n); err != nil {
			cover.Close()
			return nil, err
		}
		v := byCounty[county]
		if v == nil {
			continue
		}
		v[0].N += n
		for i, p := range haki.Professions {
			if p == profession {
				v[i+1].N += n
			}
		}
	}
	cover.Close()
	if err := cover.Err(); err != nil {
		return nil, err
	}
	ct := haki.FigTable{By: "county", Columns: cols, Map: true}
	none := 0
	for _, c := range counties {
		ct.Rows = append(ct.Rows, haki.FigRow{Code: c.Code, Values: byCounty[c.Code]})
		if byCounty[c.Code][0].N == 0 {
			none++
		}
	}
	fig.Tables = append(fig.Tables, ct)
	fig.Summary = append(fig.Summary, figCount("professionals", professionals),
		haki.Figure{Key: "counties_without", Unit: haki.UnitNumber, Value: haki.Count{N: none}},
		figCount("engagements", services+referrals), figCount("network_services", services), figCount("referrals_received", referrals),
		figCount("referrals_to_partners", toPartners),
		haki.Figure{Key: "cost_kes", Unit: haki.UnitKES, Value: haki.Count{N: cost}, Of: []string{"network_services"}})
	return fig, nil
}

// NetworkReport computes the network report.
func (s *Store) NetworkReport(ctx context.Context, f haki.ReportFilter) (*haki.Report, error) {
	return s.caseReport(ctx, haki.ReportNetwork, f)
}
