package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
)

// benchReports are the questions of the issue: the executions report for
// one year and for the whole period (the demo's twelve years), and one
// year of one county, which the summary does not answer (it reads the
// records). Each has its floor: the hand-written SQL for the same figures.
var benchReports = []struct {
	name                 string
	filter               haki.ReportFilter
	years, prev, incCond string
}{
	{"one year", haki.ReportFilter{From: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)},
		"2024 AND 2024", "2023 AND 2023", "1 = 1"},
	{"whole period", haki.ReportFilter{From: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)},
		"2000 AND 2026", "1973 AND 1999", "1 = 1"},
	{"one year, one county", haki.ReportFilter{From: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC), CountyCode: "KE-047"},
		"2024 AND 2024", "2023 AND 2023", "i.county_code = 'KE-047'"},
}

func BenchmarkExecutionsReport(b *testing.B) {
	s := openBenchStore(b)
	ctx := haki.NewContextWithUser(context.Background(), &haki.User{ID: "bench", Username: "bench", Role: haki.RoleDataManager})
	for _, q := range benchReports {
		b.Run(q.name, func(b *testing.B) {
			for b.Loop() {
				r, err := s.ExecutionsReport(ctx, q.filter)
				if err != nil || r.Victims.N == 0 {
					b.Fatal(r, err)
				}
			}
		})
	}
}

// benchFloorSQL answers the same question in one hand-written statement:
// totals of the period and the one before, and victims and incidents by
// month, county, context, sex, method, fate, service and station (age
// bands left out, as they need the dates of birth worked through in SQL).
func benchFloorSQL(years, prev, incCond string) string {
	return `WITH inc AS (
	SELECT i.id, i.occurred_year, i.occurred_month, i.county_code, i.context,
		CASE WHEN i.occurred_year BETWEEN ` + years + ` THEN 1 ELSE 0 END AS cur FROM incidents i
	WHERE (i.occurred_year BETWEEN ` + years + ` OR i.occurred_year BETWEEN ` + prev + `) AND ` + incCond + ` AND EXISTS (SELECT 1 FROM incident_types t WHERE t.incident_id = i.id
		AND t.type_code IN ('extrajudicial_execution', 'death_in_custody', 'enforced_disappearance'))),
v AS (
	SELECT inc.*, a.id AS act_id, a.victim_id, a.method, a.victim_status, a.act_type, p.sex
	FROM inc JOIN acts a ON a.incident_id = inc.id JOIN persons p ON p.id = a.victim_id
	WHERE a.act_type IN ('killing', 'disappearance') OR a.victim_status IN ('killed', 'found_dead', 'missing', 'found_alive'))
SELECT 'total', CAST(cur AS TEXT), COUNT(*), 0 FROM inc GROUP BY cur
UNION ALL SELECT 'victims', CAST(cur AS TEXT), COUNT(DISTINCT id || '/' || victim_id), 0 FROM v GROUP BY cur
UNION ALL SELECT 'month', CAST(occurred_year * 100 + occurred_month AS TEXT), COUNT(DISTINCT id || '/' || victim_id), COUNT(DISTINCT id) FROM v WHERE cur = 1 GROUP BY occurred_year, occurred_month
UNION ALL SELECT 'county', county_code, COUNT(DISTINCT id || '/' || victim_id), COUNT(DISTINCT id) FROM v WHERE cur = 1 GROUP BY county_code
UNION ALL SELECT 'context', context, COUNT(DISTINCT id || '/' || victim_id), COUNT(DISTINCT id) FROM v WHERE cur = 1 GROUP BY context
UNION ALL SELECT 'sex', sex, COUNT(DISTINCT id || '/' || victim_id), COUNT(DISTINCT id) FROM v WHERE cur = 1 GROUP BY sex
UNION ALL SELECT 'method', method, COUNT(DISTINCT id || '/' || victim_id), COUNT(DISTINCT id) FROM v WHERE cur = 1 GROUP BY method
UNION ALL SELECT 'fate', victim_status, COUNT(DISTINCT id || '/' || victim_id), COUNT(DISTINCT id) FROM v WHERE cur = 1 AND act_type = 'disappearance' GROUP BY victim_status
UNION ALL SELECT 'service', w.service_code, COUNT(DISTINCT v.id || '/' || victim_id), COUNT(DISTINCT v.id) FROM v JOIN involvements w ON w.act_id = v.act_id WHERE cur = 1 GROUP BY w.service_code
UNION ALL SELECT 'station', COALESCE(w.institution_id, ''), COUNT(DISTINCT v.id || '/' || victim_id), COUNT(DISTINCT v.id) FROM v JOIN involvements w ON w.act_id = v.act_id WHERE cur = 1 GROUP BY w.institution_id`
}

func BenchmarkExecutionsReportFloor(b *testing.B) {
	s := openBenchStore(b)
	db := s.DB()
	for _, q := range benchReports {
		sql := benchFloorSQL(q.years, q.prev, q.incCond)
		b.Run(q.name, func(b *testing.B) {
			var dim, code string
			var victims, incidents int
			for b.Loop() {
				floorRows(b, db, sql, nil, &dim, &code, &victims, &incidents)
			}
		})
	}
}

// BenchmarkRebuildReportSummary makes the whole summary again from the
// records, as migration 017 and haki verify --rebuild-reports do.
func BenchmarkRebuildReportSummary(b *testing.B) {
	s := openBenchStore(b)
	ctx := haki.SystemContext(context.Background())
	for b.Loop() {
		if err := s.RebuildReportSummary(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUpdateAct is what a write pays to keep the summary current: an
// act of an execution changes fate and back (each update takes the
// incident's figures out and puts them back, for both reports).
func BenchmarkUpdateAct(b *testing.B) {
	s := openBenchStore(b)
	ctx := haki.NewContextWithUser(context.Background(), &haki.User{ID: "bench", Username: "bench", Role: haki.RoleDataManager})
	var id string
	if err := s.DB().QueryRow(`SELECT a.id FROM acts a JOIN incidents i ON i.id = a.incident_id
		WHERE i.occurred_year = 2024 AND a.act_type = 'killing' ORDER BY a.id LIMIT 1`).Scan(&id); err != nil {
		b.Fatal(err)
	}
	fates := []string{"killed", "found_dead"}
	n := 0
	for b.Loop() {
		a, err := s.FindActByID(ctx, id)
		if err != nil {
			b.Fatal(err)
		}
		n++
		a.VictimStatus = fates[n%2]
		if err := s.UpdateAct(ctx, a); err != nil {
			b.Fatal(err)
		}
	}
}
