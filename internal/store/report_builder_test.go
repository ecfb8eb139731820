package store_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

func mustQuery(t *testing.T, qs string) haki.BuilderQuery {
	t.Helper()
	v, err := url.ParseQuery(qs)
	if err != nil {
		t.Fatal(err)
	}
	q, err := haki.ParseBuilderQuery(v)
	if err != nil {
		t.Fatalf("%s: %v %v", qs, err, haki.ErrorFields(err))
	}
	return q
}

// cells2 turns a result into "row/col" -> n (zeros left out).
func cells2(r *haki.BuilderResult) map[string]int {
	out := map[string]int{}
	for i, row := range r.Rows {
		for j, c := range r.Cells[i] {
			k := row
			if len(r.Cols) > 0 {
				k += "/" + r.Cols[j]
			}
			if c.N != 0 {
				out[k] = c.N
			}
		}
	}
	return out
}

func compareCells(t *testing.T, name string, got, want map[string]int) {
	t.Helper()
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%s %q: got %d, want %d", name, k, got[k], n)
		}
	}
	for k, n := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s %q: got %d, want none", name, k, n)
		}
	}
}

func TestBuilderMatchesIndependentSQL(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newReportWorld(t, s)
		ctx := storetest.As(w.admin)
		run := func(qs string) *haki.BuilderResult {
			t.Helper()
			r, err := s.RunBuilder(ctx, mustQuery(t, qs))
			if err != nil {
				t.Fatalf("%s: %v", qs, err)
			}
			return r
		}
		// Victims of 2024 by county and sex: distinct (incident, victim) pairs.
		r := run("records=victims&dim1=county&dim2=sex&from=2024&to=2024")
		want := cwGroups(t, s, `SELECT i.county_code || '/' || p.sex, COUNT(DISTINCT i.id || '/' || a.victim_id) FROM acts a, incidents i, persons p
			WHERE i.id = a.incident_id AND p.id = a.victim_id AND i.occurred_year = 2024 GROUP BY i.county_code || '/' || p.sex`)
		compareCells(t, "victims by county and sex", cells2(r), want)
		if r.Total.N != cwInt(t, s, `SELECT COUNT(DISTINCT i.id || '/' || a.victim_id) FROM acts a, incidents i WHERE i.id = a.incident_id AND i.occurred_year = 2024`) {
			t.Errorf("total %d", r.Total.N)
		}
		byCounty := cwGroups(t, s, `SELECT i.county_code, COUNT(DISTINCT i.id || '/' || a.victim_id) FROM acts a, incidents i WHERE i.id = a.incident_id AND i.occurred_year = 2024 GROUP BY i.county_code`)
		for i, row := range r.Rows {
			if r.RowTotals[i].N != byCounty[row] {
				t.Errorf("row total %s: %d, want %d", row, r.RowTotals[i].N, byCounty[row])
			}
		}
		// Incidents by type (an incident of two types counts in both), with a context filter.
		r = run("records=incidents&dim1=incident_type&from=2024&to=2024&context=protest")
		compareCells(t, "incidents by type", cells2(r), cwGroups(t, s, `SELECT t.type_code, COUNT(*) FROM incident_types t, incidents i
			WHERE i.id = t.incident_id AND i.occurred_year = 2024 AND i.context = 'protest' GROUP BY t.type_code`))
		// Distinct persons among victims, by perpetrator service (victims without a perpetrator under "").
		r = run("records=victims&dim1=perpetrator&measure=persons&from=2023&to=2025&type=torture")
		compareCells(t, "persons by perpetrator", cells2(r), cwGroups(t, s, `SELECT COALESCE(v.service_code, ''), COUNT(DISTINCT a.victim_id)
			FROM acts a JOIN incidents i ON i.id = a.incident_id LEFT JOIN involvements v ON v.act_id = a.id
			WHERE i.occurred_year BETWEEN 2023 AND 2025 AND i.id IN (SELECT incident_id FROM incident_types WHERE type_code = 'torture')
			GROUP BY COALESCE(v.service_code, '')`))
		// Victims by month of 2024: the year-only incidents under "unknown".
		r = run("records=victims&dim1=month&from=2024-01-01&to=2024-12-31&sex=female")
		compareCells(t, "victims by month", cells2(r), cwGroups(t, s, `SELECT CASE WHEN i.date_precision = 'year' THEN 'unknown' ELSE substr(i.occurred_on, 1, 7) END,
			COUNT(DISTINCT i.id || '/' || a.victim_id) FROM acts a, incidents i, persons p WHERE i.id = a.incident_id AND p.id = a.victim_id
			AND i.occurred_year = 2024 AND p.sex = 'female' GROUP BY CASE WHEN i.date_precision = 'year' THEN 'unknown' ELSE substr(i.occurred_on, 1, 7) END`))
	})
}

func TestBuilderCaseWorkMatchesIndependentSQL(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newCaseWorld(t, s)
		ctx := storetest.As(w.admin)
		run := func(qs string) *haki.BuilderResult {
			t.Helper()
			r, err := s.RunBuilder(ctx, mustQuery(t, qs))
			if err != nil {
				t.Fatalf("%s: %v", qs, err)
			}
			return r
		}
		r := run("records=services&dim1=service_type&dim2=provider&measure=cost_kes&from=2024&to=2024&county=KE-047")
		compareCells(t, "cost by type and provider", cells2(r), cwGroups(t, s, `SELECT s.service_type || '/' || CASE WHEN s.staff_id IS NULL THEN 'network' ELSE 'staff' END, SUM(s.cost_kes)
			FROM services s WHERE s.delivered_on `+cwIn2024+` AND s.case_id IN (SELECT ci.case_id FROM case_incidents ci, incidents i WHERE i.id = ci.incident_id AND i.county_code = 'KE-047')
			GROUP BY s.service_type || '/' || CASE WHEN s.staff_id IS NULL THEN 'network' ELSE 'staff' END HAVING SUM(s.cost_kes) > 0`))
		r = run("records=persons_served&dim1=year&from=2023&to=2025")
		compareCells(t, "persons served by year", cells2(r), cwGroups(t, s, `SELECT substr(s.delivered_on, 1, 4), COUNT(DISTINCT c.client_id) FROM services s, cases c
			WHERE c.id = s.case_id GROUP BY substr(s.delivered_on, 1, 4)`))
		if r.Total.N != cwInt(t, s, `SELECT COUNT(DISTINCT c.client_id) FROM services s, cases c WHERE c.id = s.case_id`) {
			t.Errorf("persons served total %d", r.Total.N)
		}
		r = run("records=cases&dim1=status&court=yes&from=2023&to=2025")
		compareCells(t, "cases in court by status", cells2(r), cwGroups(t, s, `SELECT c.status, COUNT(*) FROM cases c
			WHERE c.id IN (SELECT case_id FROM legal_matters WHERE status <> 'preparing') GROUP BY c.status`))
		r = run("records=services&dim1=profession&provider=network&from=2024&to=2024")
		compareCells(t, "services by profession", cells2(r), cwGroups(t, s, `SELECT p.profession, COUNT(*) FROM services s, professionals p
			WHERE p.id = s.professional_id AND s.delivered_on `+cwIn2024+` GROUP BY p.profession`))
	})
}

func TestBuilderWhitelist(t *testing.T) {
	for _, tc := range []struct{ qs, field string }{
		{"records=persons", "records"},
		{"records=victims&dim1=full_name", "dim1"},
		{"records=victims&dim1=county&dim2=county", "dim2"},
		{"records=incidents&dim1=sex", "dim1"},
		{"records=incidents&measure=cost_kes", "measure"},
		{"records=incidents&dim1=county;DROP TABLE incidents", "dim1"},
		{"records=incidents&sex=female", "sex"},
		{"records=services&context=protest", "context"},
		{"records=cases&chart=pie", "chart"},
		{"records=cases&court=no", "court"},
		{"records=services&service_type=massage", "service_type"},
		{"records=victims&from=2024-13-01", "from"},
		{"records=victims&dim2=county", "dim1"},
	} {
		v := url.Values{}
		for kv := range strings.SplitSeq(tc.qs, "&") {
			k, val, _ := strings.Cut(kv, "=")
			v.Set(k, val)
		}
		_, err := haki.ParseBuilderQuery(v)
		if haki.ErrorCode(err) != haki.EINVALID || haki.ErrorFields(err)[tc.field] == "" {
			t.Errorf("%s: %v %v, want a problem with %s", tc.qs, err, haki.ErrorFields(err), tc.field)
		}
	}
	q := mustQuery(t, "records=victims&dim1=county&dim2=age_band&measure=persons&from=2024&to=2024&age_bands=18,30,60&type=torture")
	back, err := haki.ParseBuilderQuery(q.Values())
	if err != nil || back.Encode() != q.Encode() || !strings.Contains(q.Encode(), "age_bands=18%2C30%2C60") {
		t.Errorf("round trip: %v %q %q", err, back.Encode(), q.Encode())
	}
	if q := mustQuery(t, "records=cases"); !q.AllTime() || q.Measure != haki.MeasureCount || q.Chart != haki.ChartBar {
		t.Errorf("defaults: %+v", q)
	}
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		admin := storetest.MustUser(t, s, "bwadmin", haki.RoleAdmin, "")
		for _, q := range []haki.BuilderQuery{
			{Records: "acts", Measure: "count"},
			{Records: haki.RecIncidents, Measure: haki.MeasureIncidents, Dims: []string{"title"}},
			{Records: haki.RecIncidents, Measure: haki.MeasureIncidents, Dims: []string{"county", "year", "month"}},
			{Records: haki.RecIncidents, Measure: "count(*)"},
			{Records: haki.RecIncidents, Measure: haki.MeasureIncidents, ServiceType: "legal_advice"},
		} {
			if _, err := s.RunBuilder(storetest.As(admin), q); haki.ErrorCode(err) != haki.EINVALID {
				t.Errorf("%+v: %v", q, err)
			}
		}
	})
}

func TestBuilderSuppression(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newCaseWorld(t, s)
		viewer := storetest.MustUser(t, s, "bsviewer", haki.RoleViewer, "")
		for _, qs := range []string{"records=services&dim1=service_type&dim2=year&from=2023&to=2025",
			"records=services&dim1=service_type&measure=cost_kes&from=2024&to=2024", "records=cases&dim1=status&dim2=sex"} {
			q := mustQuery(t, qs)
			full, err := s.RunBuilder(storetest.As(w.admin), q)
			if err != nil {
				t.Fatal(err)
			}
			hid, err := s.RunBuilder(storetest.As(viewer), q)
			if err != nil {
				t.Fatal(err)
			}
			if hid.SuppressBelow != 5 || full.SuppressBelow != 0 {
				t.Errorf("%s: suppress below %d %d", qs, hid.SuppressBelow, full.SuppressBelow)
			}
			var basis *haki.BuilderResult
			if q.Measure == haki.MeasureCost {
				c := q
				c.Measure = haki.MeasureCount
				basis, _ = s.RunBuilder(storetest.As(w.admin), c)
			}
			for i := range hid.Cells {
				hiddenInRow := 0
				for j, c := range hid.Cells[i] {
					n := full.Cells[i][j].N
					if basis != nil {
						n = cells2(basis)[hid.Rows[i]]
					}
					if n > 0 && n < 5 && !c.Suppressed {
						t.Errorf("%s: small cell %d,%d shown", qs, i, j)
					}
					// A shown count is rounded to a multiple of 5 (report_protect.go); shillings are not.
					want := full.Cells[i][j]
					if q.Measure != haki.MeasureCost {
						haki.RoundCount(&want, 5)
					}
					if !c.Suppressed && c.N != want.N {
						t.Errorf("%s: shown cell %d, want %d (%d rounded)", qs, c.N, want.N, full.Cells[i][j].N)
					}
					if c.Suppressed {
						hiddenInRow++
					}
				}
				if len(hid.Cells[i]) > 1 && hiddenInRow == 1 && !hid.RowTotals[i].Suppressed {
					t.Errorf("%s: row %d has one hidden cell beside its total", qs, i)
				}
			}
		}
	})
}

func TestSavedReportSharing(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		t1, t2 := storetest.MustTeam(t, s, "Team one"), storetest.MustTeam(t, s, "Team two")
		owner := storetest.MustUser(t, s, "srowner", haki.RoleCaseworker, t1.ID)
		mate := storetest.MustUser(t, s, "srmate", haki.RoleCaseworker, t1.ID)
		other := storetest.MustUser(t, s, "srother", haki.RoleResearcher, t2.ID)
		lone := storetest.MustUser(t, s, "srlone", haki.RoleViewer, "")
		admin := storetest.MustUser(t, s, "sradmin", haki.RoleAdmin, "")
		ids := map[string]string{}
		for _, sh := range haki.Sharings {
			sr := &haki.SavedReport{Name: "Saved " + sh, Sharing: sh, QueryS: "records=incidents&dim1=county&from=2024"}
			if err := s.SaveReport(storetest.As(owner), sr); err != nil {
				t.Fatal(err)
			}
			ids[sh] = sr.ID
			if sr.QueryS != "dim1=county&from=2024-01-01&measure=incidents&records=incidents&to=2024-12-31" {
				t.Errorf("stored query %q", sr.QueryS)
			}
		}
		sees := map[*haki.User][]string{owner: haki.Sharings, mate: {haki.ShareTeam, haki.ShareEveryone},
			other: {haki.ShareEveryone}, lone: {haki.ShareEveryone}, admin: {haki.ShareEveryone}}
		for u, want := range sees {
			list, err := s.FindSavedReports(storetest.As(u))
			if err != nil {
				t.Fatal(err)
			}
			if len(list) != len(want) {
				t.Errorf("%s sees %d saved reports, want %d", u.Username, len(list), len(want))
			}
			for _, sh := range haki.Sharings {
				_, err := s.FindSavedReportByID(storetest.As(u), ids[sh])
				if visible := strings.Contains(strings.Join(want, ","), sh); visible != (err == nil) || !visible && haki.ErrorCode(err) != haki.ENOTFOUND {
					t.Errorf("%s opening %s: %v", u.Username, sh, err)
				}
			}
		}
		if err := s.DeleteSavedReport(storetest.As(mate), ids[haki.ShareTeam]); haki.ErrorCode(err) != haki.EFORBIDDEN {
			t.Errorf("team mate deleting: %v", err)
		}
		if err := s.DeleteSavedReport(storetest.As(other), ids[haki.SharePrivate]); haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Errorf("other deleting a private one: %v", err)
		}
		if err := s.DeleteSavedReport(storetest.As(admin), ids[haki.ShareEveryone]); err != nil {
			t.Errorf("admin deleting: %v", err)
		}
		if err := s.DeleteSavedReport(storetest.As(owner), ids[haki.SharePrivate]); err != nil {
			t.Errorf("owner deleting: %v", err)
		}
		for _, bad := range []*haki.SavedReport{{Name: "", Sharing: "private", QueryS: "records=cases"},
			{Name: "x", Sharing: "world", QueryS: "records=cases"}, {Name: "x", Sharing: "private", QueryS: "records=cases&dim1=title"},
			{Name: "x", Sharing: "team", QueryS: "records=cases"}} {
			if err := s.SaveReport(storetest.As(lone), bad); haki.ErrorCode(err) != haki.EINVALID {
				t.Errorf("%+v: %v", bad, err)
			}
		}
		entries := cwInt(t, s, `SELECT COUNT(*) FROM audit_log WHERE entity = 'saved_report'`)
		if entries != 5 {
			t.Errorf("audit entries: %d, want 5", entries)
		}
	})
}

func TestIndicators(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newCaseWorld(t, s)
		viewer := storetest.MustUser(t, s, "inviewer", haki.RoleViewer, "")
		worker := storetest.MustUser(t, s, "inworker", haki.RoleCaseworker, "")
		d := func(y, m, dd int) time.Time { return time.Date(y, time.Month(m), dd, 0, 0, 0, 0, time.UTC) }
		in := &haki.Indicator{Name: "Survivors receiving holistic services", Measure: haki.IndSurvivorsServed, Target: 40, From: d(2024, 1, 1), To: d(2028, 12, 31)}
		if err := s.CreateIndicator(storetest.As(worker), in); haki.ErrorCode(err) != haki.EFORBIDDEN {
			t.Errorf("caseworker creating: %v", err)
		}
		if err := s.CreateIndicator(storetest.As(w.admin), in); err != nil {
			t.Fatal(err)
		}
		court := &haki.Indicator{Name: "Cases in court", Measure: haki.IndCasesInCourt, Target: 3, From: d(2024, 1, 1), To: d(2024, 12, 31), CountyCode: "KE-047"}
		if err := s.CreateIndicator(storetest.As(w.admin), court); err != nil {
			t.Fatal(err)
		}
		for _, bad := range []*haki.Indicator{{Name: "", Measure: "x", Target: 0},
			{Name: "x", Measure: haki.IndIncidents, Target: 5, From: d(2024, 1, 1), To: d(2023, 1, 1)},
			{Name: "x", Measure: haki.IndIncidents, Target: 5, From: d(2024, 1, 1), To: d(2025, 1, 1), ServiceType: "legal_advice"},
			{Name: "x", Measure: haki.IndIncidents, Target: 5, From: d(2024, 1, 1), To: d(2025, 1, 1), IncidentType: "no_such_type"},
			{Name: "x", Measure: haki.IndIncidents, Target: 5, From: d(2024, 1, 1), To: d(2025, 1, 1), CountyCode: "KE-999"}} {
			if err := s.CreateIndicator(storetest.As(w.admin), bad); haki.ErrorCode(err) != haki.EINVALID {
				t.Errorf("%+v: %v", bad, err)
			}
		}
		list, err := s.FindIndicators(storetest.As(w.admin))
		if err != nil || len(list) != 2 {
			t.Fatalf("%v %d", err, len(list))
		}
		served := cwInt(t, s, `SELECT COUNT(DISTINCT c.client_id) FROM services s, cases c WHERE c.id = s.case_id AND s.delivered_on >= '2024-01-01'`)
		inCourt := cwInt(t, s, `SELECT COUNT(*) FROM cases c WHERE c.intake_date `+cwIn2024+` AND c.id IN (SELECT case_id FROM legal_matters WHERE status <> 'preparing')
			AND c.id IN (SELECT ci.case_id FROM case_incidents ci, incidents i WHERE i.id = ci.incident_id AND i.county_code = 'KE-047')`)
		for _, p := range list {
			want := map[string]int{in.ID: served, court.ID: inCourt}[p.ID]
			if p.Value.N != want || p.Pct != haki.Percent(want, p.Target) {
				t.Errorf("%s: %d (%v%%), want %d", p.Name, p.Value.N, p.Pct, want)
			}
		}
		vl, err := s.FindIndicators(storetest.As(viewer))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range vl {
			if p.Value.N > 0 && p.Value.N < 5 || p.Value.Suppressed && p.Pct != 0 {
				t.Errorf("viewer sees a small value %+v", p.Value)
			}
		}
		// The report: each indicator over the days its period shares with the report's.
		rep, err := s.Report(storetest.As(w.admin), haki.ReportIndicators, year2024())
		if err != nil {
			t.Fatal(err)
		}
		served2024 := cwInt(t, s, `SELECT COUNT(DISTINCT c.client_id) FROM services s, cases c WHERE c.id = s.case_id AND s.delivered_on `+cwIn2024)
		checkColumn(t, rep, "indicator", "value", map[string]int{in.ID: served2024, court.ID: inCourt})
		checkColumn(t, rep, "indicator", "target", map[string]int{in.ID: 40, court.ID: 3})
		// Update with a stale version, then a good one; delete.
		in.Target = 6000
		in.Version = 9
		if err := s.UpdateIndicator(storetest.As(w.admin), in); haki.ErrorCode(err) != haki.ECONFLICT {
			t.Errorf("stale update: %v", err)
		}
		in.Version = 1
		if err := s.UpdateIndicator(storetest.As(w.admin), in); err != nil || in.Version != 2 {
			t.Errorf("update: %v", err)
		}
		if err := s.DeleteIndicator(storetest.As(worker), court.ID); haki.ErrorCode(err) != haki.EFORBIDDEN {
			t.Errorf("caseworker deleting: %v", err)
		}
		if err := s.DeleteIndicator(storetest.As(w.admin), court.ID); err != nil {
			t.Error(err)
		}
		if n := cwInt(t, s, `SELECT COUNT(*) FROM audit_log WHERE entity = 'indicator'`); n != 4 {
			t.Errorf("audit entries %d, want 4", n)
		}
	})
}
