package haki

import "time"

// Figures for readers who do not see identities (researchers, viewers)
// must not let anyone work out a small count, from one answer or by
// differencing several: the total against one sex, a year against a
// quarter, two overlapping periods. Hiding small cells alone cannot
// promise that, since the cells that reveal one are in other answers. So
// these readers get:
//
//   - a fixed lattice of periods (a whole month, a whole quarter, or whole
//     years; all time in the builder) and the standard age bands, so that
//     no two answers differ by a few days or one year of age;
//   - every count under the threshold t (5 by default) hidden as before,
//     and every other count rounded to the nearest multiple of t (halves
//     up): a count they see is 0, hidden (1 to t-1), or a multiple of t
//     standing for a true count within t/2 of it.
//
// Rounding depends only on the true count, so the same count reads the
// same in every answer and asking again teaches nothing. Any sum or
// difference of two shown counts is a multiple of t, never a small count;
// and as each shown count is uncertain by ±t/2, a true difference is only
// known to lie in a range several counts wide. Staff who see the records
// keep exact figures.

// CheckLattice refuses a filter a reader who does not see identities may
// not ask for: a period that is not a whole month, a whole quarter or
// whole years, or age bands other than the standard ones. An empty
// period (the builder's all time) is allowed.
func (f ReportFilter) CheckLattice() error {
	p := Problems{}
	if !f.From.IsZero() && !latticePeriod(f.From, f.To) {
		p.Add("from", "Choose a whole year, quarter or month, or whole years: other periods are for staff who see the records.")
	}
	if len(f.Bands) > 0 && f.Bands.String() != DefaultAgeBands().String() {
		p.Add("age_bands", "Use the standard age bands: others are for staff who see the records.")
	}
	return p.Err()
}

// latticePeriod reports whether from..to is a whole month, a whole
// quarter, or whole years.
func latticePeriod(from, to time.Time) bool {
	if from.Day() != 1 || to.AddDate(0, 0, 1).Day() != 1 || to.Before(from) {
		return false
	}
	end := to.AddDate(0, 0, 1) // the day after the period
	months := (end.Year()-from.Year())*12 + int(end.Month()-from.Month())
	switch {
	case months == 1:
		return true
	case months == 3:
		return (from.Month()-1)%3 == 0
	default:
		return from.Month() == time.January && months%12 == 0
	}
}

// RoundCount rounds a shown count to the nearest multiple of base, halves
// up; zero and hidden counts stay as they are.
func RoundCount(c *Count, base int) {
	if c.Suppressed || c.N <= 0 || base <= 1 {
		return
	}
	c.N = (c.N + base/2) / base * base
}

// Protect makes the report fit for a reader who does not see identities:
// small cells hidden (SuppressSmallCells), then every count shown rounded
// to a multiple of below, and the percents recomputed from rounded counts.
func (r *Report) Protect(below int) {
	r.SuppressSmallCells(below)
	if r.Evaluations != nil {
		r.Evaluations.Protect(below)
	}
	for _, c := range []*Count{&r.Victims, &r.Incidents, &r.PrevVictims, &r.PrevIncidents, &r.Undated.Victims, &r.Undated.Incidents} {
		RoundCount(c, below)
	}
	if a := r.Accountability; a != nil {
		for _, c := range a.counts() {
			RoundCount(c, below)
		}
	}
	for i := range r.Tables {
		for j := range r.Tables[i].Rows {
			RoundCount(&r.Tables[i].Rows[j].Victims, below)
			RoundCount(&r.Tables[i].Rows[j].Incidents, below)
		}
	}
	if r.Figures != nil {
		r.Figures.round(below)
	}
}

// round rounds the count figures and count columns of hidden-cell-checked
// figures, and recomputes percents from the rounded counts: a percent of
// exact counts beside their rounded values would give them back.
func (f *Figures) round(base int) {
	for i := range f.Summary {
		if g := &f.Summary[i]; g.Unit == UnitCount || g.Unit == UnitPercent {
			RoundCount(&g.Value, base)
		}
	}
	for i := range f.Summary {
		g := &f.Summary[i]
		if g.Unit != UnitPercent || g.Value.Suppressed || len(g.Of) != 2 {
			continue
		}
		den, num := f.Figure(g.Of[0]), f.Figure(g.Of[1])
		if den == nil || num == nil || den.Value.Suppressed || num.Value.Suppressed {
			g.Value, g.Pct = Count{Suppressed: true}, 0
			continue
		}
		g.Pct = Percent(num.Value.N, den.Value.N)
	}
	for i := range f.Tables {
		t := &f.Tables[i]
		target := -1 // a plain number a percent column is of (an indicator's target)
		for c, col := range t.Columns {
			if col.Unit == UnitNumber && target < 0 {
				target = c
			}
		}
		for r := range t.Rows {
			row := &t.Rows[r]
			for c, col := range t.Columns {
				if col.Unit == UnitCount || col.Unit == UnitPercent {
					RoundCount(&row.Values[c], base)
				}
				if col.Unit != UnitPercent || c >= len(row.Pcts) || row.Values[c].Suppressed {
					continue
				}
				if target >= 0 {
					row.Pcts[c] = Percent(row.Values[col.Of].N, row.Values[target].N)
				} else {
					row.Values[c], row.Pcts[c] = Count{Suppressed: true}, 0
				}
			}
		}
	}
}

// Protect makes a builder answer fit for a reader who does not see
// identities: small cells hidden (SuppressSmallCells), then every count
// shown rounded to a multiple of below. Sums of shillings are not counts
// and are not rounded; they are hidden where their services are few.
func (r *BuilderResult) Protect(below int, basis *BuilderResult) {
	r.SuppressSmallCells(below, basis)
	if r.Query.Measure == MeasureCost {
		return
	}
	RoundCount(&r.Total, below)
	for i := range r.RowTotals {
		RoundCount(&r.RowTotals[i], below)
	}
	for j := range r.ColTotals {
		RoundCount(&r.ColTotals[j], below)
	}
	for i := range r.Cells {
		for j := range r.Cells[i] {
			RoundCount(&r.Cells[i][j], below)
		}
	}
}
