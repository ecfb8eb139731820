package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
)

// benchToday is within the demo data the benchmarks generate (Now 2026-11-01).
var benchToday = time.Date(2026, 10, 15, 0, 0, 0, 0, time.UTC)

// BenchmarkDashboard is the home page's figures for a viewer: both
// reports, this year and month so far, the same days last year, by month.
func BenchmarkDashboard(b *testing.B) {
	s := openBenchStore(b)
	ctx := haki.NewContextWithUser(context.Background(), &haki.User{ID: "bench", Username: "bench", Role: haki.RoleViewer})
	for b.Loop() {
		d, err := s.Dashboard(ctx, benchToday)
		if err != nil || len(d.Reports) != 2 {
			b.Fatal(d, err)
		}
	}
}

// benchDashboardFloorSQL answers the same question by hand for one
// report's types: incidents and victims of the two years by month and
// precision (the periods and months are then sums of these rows).
const benchDashboardFloorSQL = `SELECT i.occurred_year, i.occurred_month, i.date_precision, COUNT(DISTINCT i.id), COUNT(DISTINCT i.id || '/' || a.victim_id)
	FROM incidents i LEFT JOIN acts a ON a.incident_id = i.id AND ` + `(a.act_type IN ('killing', 'disappearance') OR a.victim_status IN ('killed', 'found_dead', 'missing', 'found_alive'))
	WHERE i.occurred_on >= '2025-01-01' AND i.occurred_on <= '2026-10-15'
		AND EXISTS (SELECT 1 FROM incident_types t WHERE t.incident_id = i.id AND t.type_code IN ('extrajudicial_execution', 'death_in_custody', 'enforced_disappearance'))
	GROUP BY i.occurred_year, i.occurred_month, i.date_precision`

const benchDashboardFloorSQL2 = `SELECT i.occurred_year, i.occurred_month, i.date_precision, COUNT(DISTINCT i.id), COUNT(DISTINCT i.id || '/' || a.victim_id)
	FROM incidents i LEFT JOIN acts a ON a.incident_id = i.id
	WHERE i.occurred_on >= '2025-01-01' AND i.occurred_on <= '2026-10-15'
		AND EXISTS (SELECT 1 FROM incident_types t WHERE t.incident_id = i.id AND t.type_code IN ('torture', 'cidt'))
	GROUP BY i.occurred_year, i.occurred_month, i.date_precision`

func BenchmarkDashboardFloor(b *testing.B) {
	s := openBenchStore(b)
	db := s.DB()
	var y, m any
	var p string
	var inc, vic int
	for b.Loop() {
		for _, q := range []string{benchDashboardFloorSQL, benchDashboardFloorSQL2} {
			floorRows(b, db, q, nil, &y, &m, &p, &inc, &vic)
		}
	}
}
