package store_test

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// evalStatsWorld is the evaluation world's case linked to two incidents
// (Nairobi, perpetrators of the police; Mombasa, of the GSU), with six
// evaluations signed in March 2026 (one of them "consistent" overall, one
// with a free-text method), one signed in February and one draft of March.
func evalStatsWorld(t *testing.T, s *store.Store) *evalWorld {
	t.Helper()
	w := newEvalWorld(t, s)
	for _, x := range []struct{ county, service string }{{"KE-047", "kps"}, {"KE-001", "gsu"}} {
		inc := mustIncident(t, s, w.dm, "Torture in "+x.county, x.county, "2026-02-20")
		inc.Types = []string{"torture"}
		if err := s.UpdateIncident(w.dm, inc); err != nil {
			t.Fatal(err)
		}
		a := &haki.Act{IncidentID: inc.ID, VictimID: w.client.ID, ActType: "torture", VictimStatus: "injured"}
		if err := s.CreateAct(w.dm, a); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateInvolvement(w.dm, &haki.Involvement{ActID: a.ID, ServiceCode: x.service, Degree: "direct"}); err != nil {
			t.Fatal(err)
		}
		w.kase.IncidentIDs = append(w.kase.IncidentIDs, inc.ID)
	}
	if err := s.UpdateCase(w.dm, w.kase); err != nil {
		t.Fatal(err)
	}
	for i := range 8 {
		e := draftEvaluation(w.kase.ID)
		switch i {
		case 1:
			e.OverallLevel = "consistent"
		case 2:
			e.Findings[1].AllegedMethod = "Hit with a cricket bat by the OCS"
		case 6:
			e.ExaminedOn = time.Date(2026, 2, 25, 0, 0, 0, 0, time.UTC)
		}
		if err := s.CreateEvaluation(w.doc, e); err != nil {
			t.Fatal(err)
		}
		if i == 7 { // a draft never counts
			continue
		}
		if _, err := s.SignEvaluation(w.doc, e.ID, e.Version, w.code(t, w.docSecret)); err != nil {
			t.Fatalf("sign %d: %v %v", i, err, haki.ErrorFields(err))
		}
	}
	return w
}

// figs writes an evaluation table as "row/column" -> count, hidden cells
// as -1, zeros left out.
func figs(t *testing.T, ef *haki.EvaluationFigures, by string) map[string]int {
	t.Helper()
	tb := ef.Table(by)
	if tb == nil {
		t.Fatalf("no table %s", by)
	}
	out := map[string]int{}
	for _, r := range tb.Rows {
		for j, c := range r.Values {
			k := r.Code
			if len(tb.Columns) > 1 {
				k += "/" + strings.TrimPrefix(tb.Columns[j].Key, haki.EvalColLevel)
			}
			switch {
			case c.Suppressed:
				out[k] = -1
			case c.N != 0:
				out[k] = c.N
			}
		}
	}
	return out
}

// TestTortureReportEvaluations: the torture report counts the signed
// evaluations examined in its period (never a draft, never one of another
// month) by kind, level, method, county and service, exactly for staff who
// see identities and protected for researchers; a county filter keeps the
// evaluations of cases with an incident there.
func TestTortureReportEvaluations(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := evalStatsWorld(t, s)
		march := haki.ReportFilter{From: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)}
		r, err := s.TortureReport(w.dm, march)
		if err != nil {
			t.Fatal(err)
		}
		ef := r.Evaluations
		if ef == nil || ef.Evaluations.N != 6 || ef.Findings.N != 12 {
			t.Fatalf("totals: %+v", ef)
		}
		for _, c := range []struct {
			by   string
			want map[string]int
		}{
			{haki.EvalByKind, map[string]int{"both": 6}},
			{haki.EvalByLevel, map[string]int{"highly_consistent": 5, "consistent": 1}},
			{haki.EvalByOpinion, map[string]int{"highly_consistent": 6, "consistent": 6}},
			{haki.EvalByMethod, map[string]int{"beating/highly_consistent": 6, "beating/consistent": 5, "other/consistent": 1}},
			{haki.EvalByCounty, map[string]int{"KE-047": 6, "KE-001": 6}},
			{haki.EvalByService, map[string]int{"kps": 6, "gsu": 6}},
		} {
			compareCells(t, c.by, figs(t, ef, c.by), c.want)
		}
		if !ef.Table(haki.EvalByCounty).Multi || !ef.Table(haki.EvalByService).Multi {
			t.Error("county and service tables not marked Multi")
		}
		b, _ := json.Marshal(r)
		if strings.Contains(string(b), "cricket") || strings.Contains(string(b), "OCS") {
			t.Errorf("free text of a method reached the report: %s", b)
		}

		nairobi := march
		nairobi.CountyCode = "KE-047"
		if r, err = s.TortureReport(w.dm, nairobi); err != nil {
			t.Fatal(err)
		}
		if n := r.Evaluations.Evaluations.N; n != 6 || len(r.Evaluations.Notes) != 2 {
			t.Errorf("Nairobi: %d evaluations, notes %v", n, r.Evaluations.Notes)
		}
		nakuru := march
		nakuru.CountyCode = "KE-032"
		if r, err = s.TortureReport(w.dm, nakuru); err != nil {
			t.Fatal(err)
		}
		if n := r.Evaluations.Evaluations.N; n != 0 {
			t.Errorf("Nakuru: %d evaluations", n)
		}

		researcher := storetest.As(storetest.MustUser(t, s, "researcher", haki.RoleResearcher, ""))
		if r, err = s.TortureReport(researcher, march); err != nil {
			t.Fatal(err)
		}
		ef = r.Evaluations
		if ef.Evaluations.N != 5 || ef.Findings.N != 10 {
			t.Errorf("researcher totals: %+v %+v", ef.Evaluations, ef.Findings)
		}
		// Rounded to fives; the one "consistent" evaluation and the one
		// "other" finding hidden, and with each the next smallest of its
		// column, so that the total less the cells shown tells nothing.
		for _, c := range []struct {
			by   string
			want map[string]int
		}{
			{haki.EvalByKind, map[string]int{"both": 5}},
			{haki.EvalByLevel, map[string]int{"highly_consistent": -1, "consistent": -1}},
			{haki.EvalByOpinion, map[string]int{"highly_consistent": 5, "consistent": 5}},
			{haki.EvalByMethod, map[string]int{"beating/highly_consistent": 5, "beating/consistent": -1, "other/consistent": -1}},
		} {
			compareCells(t, "researcher "+c.by, figs(t, ef, c.by), c.want)
		}
	})
}

// TestBuilderEvaluations: the builder counts signed evaluations and their
// findings by the codes kept in the clear, never a draft; the county filter
// keeps the evaluations of cases with an incident there; a filter about
// victims is refused; researchers get small cells hidden.
func TestBuilderEvaluations(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := evalStatsWorld(t, s)
		run := func(ctx context.Context, qs string) *haki.BuilderResult {
			t.Helper()
			res, err := s.RunBuilder(ctx, mustQuery(t, qs))
			if err != nil {
				t.Fatalf("%s: %v", qs, err)
			}
			return res
		}
		res := run(w.dm, "records=evaluations&dim1=month&dim2=overall_level")
		if res.Total.N != 7 {
			t.Errorf("evaluations: %d", res.Total.N)
		}
		compareCells(t, "month x level", cells2(res), map[string]int{"2026-03/highly_consistent": 5,
			"2026-03/consistent": 1, "2026-02/highly_consistent": 1})
		res = run(w.dm, "records=evaluations&measure=persons&dim1=county&dim2=perpetrator&from=2026-03-01&to=2026-03-31")
		compareCells(t, "persons by county x perpetrator", cells2(res), map[string]int{"KE-047/kps": 1, "KE-001/gsu": 1})
		if res.Total.N != 1 {
			t.Errorf("persons: %d", res.Total.N)
		}
		res = run(w.dm, "records=evaluations&dim1=evaluation_kind&county=KE-047&from=2026-03-01&to=2026-03-31")
		compareCells(t, "kind in Nairobi", cells2(res), map[string]int{"both": 6})
		res = run(w.dm, "records=findings&dim1=method&dim2=opinion_level&from=2026-03-01&to=2026-03-31")
		compareCells(t, "method x level", cells2(res), map[string]int{"beating/highly_consistent": 6,
			"beating/consistent": 5, "other/consistent": 1})
		res = run(w.dm, "records=findings&dim1=finding_kind&dim2=perpetrator")
		compareCells(t, "finding kind x perpetrator", cells2(res), map[string]int{"physical/kps": 7, "physical/gsu": 7,
			"psychological/kps": 7, "psychological/gsu": 7})
		if res.Total.N != 14 {
			t.Errorf("findings: %d", res.Total.N)
		}
		v, _ := url.ParseQuery("records=findings&sex=female")
		if _, err := haki.ParseBuilderQuery(v); haki.ErrorCode(err) != haki.EINVALID {
			t.Errorf("a victim filter on findings: %v", err)
		}

		researcher := storetest.As(storetest.MustUser(t, s, "researcher", haki.RoleResearcher, ""))
		res = run(researcher, "records=evaluations&dim1=overall_level&from=2026-03-01&to=2026-03-31")
		for i, row := range res.Rows {
			if c := res.Cells[i][0]; !c.Suppressed {
				t.Errorf("researcher sees %s: %+v", row, c)
			}
		}
		if res.Total.N != 5 || res.Total.Suppressed {
			t.Errorf("researcher total: %+v", res.Total)
		}
	})
}
