package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
)

// benchReportFilter is the question: the executions report for one year.
var benchReportFilter = haki.ReportFilter{From: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)}

func BenchmarkExecutionsReport(b *testing.B) {
	s := openBenchStore(b)
	ctx := haki.NewContextWithUser(context.Background(), &haki.User{ID: "bench", Username: "bench", Role: haki.RoleDataManager})
	for b.Loop() {
		r, err := s.ExecutionsReport(ctx, benchReportFilter)
		if err != nil || r.Victims.N == 0 {
			b.Fatal(r, err)
		}
	}
}

// benchFloorSQL answers the same question in one hand-written statement:
// totals of this year and the last, and victims and incidents by month,
// county, context, sex, method, fate, service and station (age bands
// left out, as they need the dates of birth worked through in SQL).
const benchFloorSQL = `WITH inc AS (
	SELECT i.id, i.occurred_year, i.occurred_month, i.county_code, i.context FROM incidents i
	WHERE i.occurred_year IN (2023, 2024) AND EXISTS (SELECT 1 FROM incident_types t WHERE t.incident_id = i.id
		AND t.type_code IN ('extrajudicial_execution', 'death_in_custody', 'enforced_disappearance'))),
v AS (
	SELECT inc.*, a.id AS act_id, a.victim_id, a.method, a.victim_status, a.act_type, p.sex
	FROM inc JOIN acts a ON a.incident_id = inc.id JOIN persons p ON p.id = a.victim_id
	WHERE a.act_type IN ('killing', 'disappearance') OR a.victim_status IN ('killed', 'found_dead', 'missing', 'found_alive'))
SELECT 'total', CAST(occurred_year AS TEXT), COUNT(*), 0 FROM inc GROUP BY occurred_year
UNION ALL SELECT 'victims', CAST(occurred_year AS TEXT), COUNT(DISTINCT id || '/' || victim_id), 0 FROM v GROUP BY occurred_year
UNION ALL SELECT 'month', CAST(occurred_month AS TEXT), COUNT(DISTINCT id || '/' || victim_id), COUNT(DISTINCT id) FROM v WHERE occurred_year = 2024 GROUP BY occurred_month
UNION ALL SELECT 'county', county_code, COUNT(DISTINCT id || '/' || victim_id), COUNT(DISTINCT id) FROM v WHERE occurred_year = 2024 GROUP BY county_code
UNION ALL SELECT 'context', context, COUNT(DISTINCT id || '/' || victim_id), COUNT(DISTINCT id) FROM v WHERE occurred_year = 2024 GROUP BY context
UNION ALL SELECT 'sex', sex, COUNT(DISTINCT id || '/' || victim_id), COUNT(DISTINCT id) FROM v WHERE occurred_year = 2024 GROUP BY sex
UNION ALL SELECT 'method', method, COUNT(DISTINCT id || '/' || victim_id), COUNT(DISTINCT id) FROM v WHERE occurred_year = 2024 GROUP BY method
UNION ALL SELECT 'fate', victim_status, COUNT(DISTINCT id || '/' || victim_id), COUNT(DISTINCT id) FROM v WHERE occurred_year = 2024 AND act_type = 'disappearance' GROUP BY victim_status
UNION ALL SELECT 'service', w.service_code, COUNT(DISTINCT v.id || '/' || victim_id), COUNT(DISTINCT v.id) FROM v JOIN involvements w ON w.act_id = v.act_id WHERE occurred_year = 2024 GROUP BY w.service_code
UNION ALL SELECT 'station', COALESCE(w.institution_id, ''), COUNT(DISTINCT v.id || '/' || victim_id), COUNT(DISTINCT v.id) FROM v JOIN involvements w ON w.act_id = v.act_id WHERE occurred_year = 2024 GROUP BY w.institution_id`

func BenchmarkExecutionsReportFloor(b *testing.B) {
	s := openBenchStore(b)
	db := s.DB()
	for b.Loop() {
		rows, err := db.Query(benchFloorSQL)
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for rows.Next() {
			var dim, code string
			var victims, incidents int
			if err := rows.Scan(&dim, &code, &victims, &incidents); err != nil {
				b.Fatal(err)
			}
			n++
		}
		rows.Close()
		if n == 0 {
			b.Fatal("no rows")
		}
	}
}
