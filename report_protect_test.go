package haki

import (
	"testing"
	"time"
)

func TestCheckLattice(t *testing.T) {
	d := func(y, m, day int) time.Time { return time.Date(y, time.Month(m), day, 0, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		from, to time.Time
		ok       bool
	}{
		{d(2024, 1, 1), d(2024, 12, 31), true},
		{d(2020, 1, 1), d(2024, 12, 31), true},
		{d(2024, 2, 1), d(2024, 2, 29), true},
		{d(2024, 4, 1), d(2024, 6, 30), true},
		{d(2024, 10, 1), d(2024, 12, 31), true},
		{time.Time{}, time.Time{}, true}, // all time
		{d(2024, 2, 1), d(2024, 4, 30), false},
		{d(2024, 1, 1), d(2024, 2, 29), false},
		{d(2024, 1, 1), d(2024, 6, 30), false},
		{d(2024, 7, 1), d(2025, 6, 30), false},
		{d(2024, 1, 2), d(2024, 12, 31), false},
		{d(2024, 1, 1), d(2024, 12, 30), false},
		{d(2024, 3, 5), d(2024, 3, 5), false},
	} {
		err := ReportFilter{From: tc.from, To: tc.to}.CheckLattice()
		if (err == nil) != tc.ok {
			t.Errorf("%v..%v: %v, want ok %v", tc.from, tc.to, err, tc.ok)
		}
	}
	if err := (ReportFilter{Bands: AgeBands{18, 36}}).CheckLattice(); ErrorFields(err)["age_bands"] == "" {
		t.Errorf("other age bands: %v", err)
	}
	if err := (ReportFilter{Bands: DefaultAgeBands()}).CheckLattice(); err != nil {
		t.Errorf("standard age bands: %v", err)
	}
}

func TestRoundCount(t *testing.T) {
	for n, want := range map[int]int{0: 0, 5: 5, 7: 5, 8: 10, 12: 10, 13: 15, 102: 100, 103: 105} {
		c := Count{N: n}
		RoundCount(&c, 5)
		if c.N != want {
			t.Errorf("RoundCount(%d) = %d, want %d", n, c.N, want)
		}
	}
}

// Percents are recomputed from rounded counts: the exact percent beside a
// rounded count would give the count back.
func TestProtectFigures(t *testing.T) {
	r := &Report{Figures: &Figures{Summary: []Figure{
		{Key: "cases_closed", Value: Count{N: 23}}, {Key: "cases_lost", Value: Count{N: 7}},
		{Key: "dropout_rate", Unit: UnitPercent, Value: Count{N: 7}, Pct: Percent(7, 23), Of: []string{"cases_closed", "cases_lost"}},
		{Key: "cost_kes", Unit: UnitKES, Value: Count{N: 123457}, Of: []string{"cases_closed"}}},
		Tables: []FigTable{{By: "indicator", Independent: true,
			Columns: []FigColumn{{Key: "value"}, {Key: "target", Unit: UnitNumber}, {Key: "progress", Unit: UnitPercent, Of: 0}},
			Rows:    []FigRow{{Code: "i", Values: []Count{{N: 17}, {N: 40}, {N: 17}}, Pcts: []float64{0, 0, Percent(17, 40)}}}}}}}
	r.Protect(5)
	f := r.Figures
	if f.Figure("cases_closed").Value.N != 25 || f.Figure("cases_lost").Value.N != 5 || f.Figure("dropout_rate").Pct != 20 ||
		f.Figure("cost_kes").Value.N != 123457 {
		t.Errorf("summary %+v", f.Summary)
	}
	if row := f.Tables[0].Rows[0]; row.Values[0].N != 15 || row.Values[1].N != 40 || row.Pcts[2] != Percent(15, 40) {
		t.Errorf("indicator row %+v", row)
	}
}
