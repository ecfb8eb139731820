package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
)

// benchReports are the questions of the issue: the executions report for
// one year and for the whole period (2000-2026), unfiltered and with one
// filter of each kind (county, incident type, context, victim's sex, age
// band, perpetrator's service and station). Each has its floor: the
// hand-written SQL for the same figures, incCond narrowing the incidents
// and actCond (on a, p and inc) the victims.
type benchReport struct {
	name                          string
	filter                        haki.ReportFilter
	years, prev, incCond, actCond string
}

func benchReports(b *testing.B, s *store.Store) []benchReport {
	b.Helper()
	// The station: the one most often named as a perpetrator in 2024.
	var station string
	if err := s.DB().QueryRow(`SELECT v.institution_id FROM involvements v JOIN acts a ON a.id = v.act_id
		JOIN incidents i ON i.id = a.incident_id WHERE i.occurred_year = 2024 AND v.institution_id IS NOT NULL
		GROUP BY v.institution_id ORDER BY COUNT(*) DESC, v.institution_id LIMIT 1`).Scan(&station); err != nil {
		b.Fatal(err)
	}
	periods := []struct {
		name        string
		from, to    time.Time
		years, prev string
	}{
		{"one year", time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC), "2024 AND 2024", "2023 AND 2023"},
		{"whole period", time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC), "2000 AND 2026", "1973 AND 1999"},
	}
	filters := []struct {
		name             string
		set              func(f *haki.ReportFilter)
		incCond, actCond string
	}{
		{"", func(*haki.ReportFilter) {}, "1 = 1", "1 = 1"},
		{"county", func(f *haki.ReportFilter) { f.CountyCode = "KE-047" }, "i.county_code = 'KE-047'", "1 = 1"},
		{"type", func(f *haki.ReportFilter) { f.IncidentType = "death_in_custody" },
			"EXISTS (SELECT 1 FROM incident_types t3 WHERE t3.incident_id = i.id AND t3.type_code = 'death_in_custody')", "1 = 1"},
		{"context", func(f *haki.ReportFilter) { f.Context = "anti_crime" }, "i.context = 'anti_crime'", "1 = 1"},
		{"sex", func(f *haki.ReportFilter) { f.Sex = "female" }, "1 = 1", "p.sex = 'female'"},
		{"age band", func(f *haki.ReportFilter) { f.AgeBand = "0-17" }, "1 = 1",
			"COALESCE(a.victim_age, inc.occurred_year - CAST(substr(p.birth_date, 1, 4) AS INTEGER)) BETWEEN 0 AND 17"},
		{"service", func(f *haki.ReportFilter) { f.ServiceCode = "kps" }, "1 = 1",
			"EXISTS (SELECT 1 FROM involvements w2 WHERE w2.act_id = a.id AND w2.service_code = 'kps')"},
		{"station", func(f *haki.ReportFilter) { f.InstitutionID = station }, "1 = 1",
			"EXISTS (SELECT 1 FROM involvements w2 WHERE w2.act_id = a.id AND w2.institution_id = '" + station + "')"},
		// Two filters: no summary answers, the records are read.
		{"county and sex (records)", func(f *haki.ReportFilter) { f.CountyCode, f.Sex = "KE-047", "female" }, "i.county_code = 'KE-047'", "p.sex = 'female'"},
	}
	var out []benchReport
	for _, fl := range filters {
		for _, p := range periods {
			q := benchReport{name: p.name, filter: haki.ReportFilter{From: p.from, To: p.to},
				years: p.years, prev: p.prev, incCond: fl.incCond, actCond: fl.actCond}
			if fl.name != "" {
				q.name += ", one " + fl.name
			}
			fl.set(&q.filter)
			out = append(out, q)
		}
	}
	return out
}

func BenchmarkExecutionsReport(b *testing.B) {
	s := openBenchStore(b)
	ctx := haki.NewContextWithUser(context.Background(), &haki.User{ID: "bench", Username: "bench", Role: haki.RoleDataManager})
	for _, q := range benchReports(b, s) {
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
// With a victim's filter (actCond), incidents count through the victims
// who pass.
func benchFloorSQL(years, prev, incCond, actCond string) string {
	totals := `SELECT 'total', CAST(cur AS TEXT), COUNT(*), 0 FROM inc GROUP BY cur`
	if actCond != "1 = 1" {
		totals = `SELECT 'total', CAST(cur AS TEXT), COUNT(DISTINCT id), 0 FROM v GROUP BY cur`
	}
	return `WITH inc AS (
	SELECT i.id, i.occurred_year, i.occurred_month, i.county_code, i.context,
		CASE WHEN i.occurred_year BETWEEN ` + years + ` THEN 1 ELSE 0 END AS cur FROM incidents i
	WHERE (i.occurred_year BETWEEN ` + years + ` OR i.occurred_year BETWEEN ` + prev + `) AND ` + incCond + ` AND EXISTS (SELECT 1 FROM incident_types t WHERE t.incident_id = i.id
		AND t.type_code IN ('extrajudicial_execution', 'death_in_custody', 'enforced_disappearance'))),
v AS (
	SELECT inc.*, a.id AS act_id, a.victim_id, a.method, a.victim_status, a.act_type, p.sex
	FROM inc JOIN acts a ON a.incident_id = inc.id JOIN persons p ON p.id = a.victim_id
	WHERE (a.act_type IN ('killing', 'disappearance') OR a.victim_status IN ('killed', 'found_dead', 'missing', 'found_alive')) AND ` + actCond + `)
` + totals + `
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
	for _, q := range benchReports(b, s) {
		sql := benchFloorSQL(q.years, q.prev, q.incCond, q.actCond)
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

// BenchmarkRebuildFilterSummary makes the summary of the reports with one
// filter again from the records, as migration 024 does.
func BenchmarkRebuildFilterSummary(b *testing.B) {
	s := openBenchStore(b)
	ctx := haki.SystemContext(context.Background())
	for b.Loop() {
		if err := s.RebuildFilterSummary(ctx); err != nil {
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
