package haki

// The case-work reports (services, litigation, the network and
// indicators) count other things than victims and incidents: survivors,
// services, shillings, days, matters. Each is a Figures: named figures and
// tables whose columns say what they count. A *Report carries one in its
// Figures field, so every report goes through the same dispatch
// (Store.Report), exports and command.

// Names of the case-work reports.
const (
	ReportServices   = "services"
	ReportLitigation = "litigation"
	ReportNetwork    = "network"
	ReportIndicators = "indicators"
)

// CaseReportNames lists the case-work reports, in menu order.
var CaseReportNames = []string{ReportServices, ReportLitigation, ReportNetwork, ReportIndicators}

// Units of a figure or a column.
const (
	UnitCount   = ""        // a count, suppressed when small for readers who do not see identities
	UnitKES     = "kes"     // a sum of Kenya shillings
	UnitDays    = "days"    // a number of days
	UnitPercent = "percent" // Figure.Pct, in percent
	UnitNumber  = "number"  // a plain number that names nobody (a target): never suppressed
)

// Figures is a case-work report's content.
type Figures struct {
	// Rules say how the figures are counted, one sentence each, as
	// catalogue keys ("report.services.rule.survivors").
	Rules   []string   `json:"rules"`
	Summary []Figure   `json:"summary"`
	Tables  []FigTable `json:"tables"`
}

// Figure is one headline figure.
type Figure struct {
	Key   string `json:"key"`            // catalogue key "report.fig.<key>"
	Unit  string `json:"unit,omitempty"` // one of the Unit constants
	Value Count  `json:"value"`
	// Pct is the figure of a percent, rounded to a tenth.
	Pct float64 `json:"pct,omitempty"`
	// Of are the keys of the count figures this one derives from: it is
	// hidden when any of them is.
	Of []string `json:"-"`
}

// FigColumn is a column of a table. A column that is not a count derives
// from the count column Of (an index): its cell is hidden with that cell.
type FigColumn struct {
	Key  string `json:"key"` // catalogue key "report.fig.<key>"
	Unit string `json:"unit,omitempty"`
	Of   int    `json:"-"`
}

// FigRow is a row of a table: a code and a value per column.
type FigRow struct {
	Code   string    `json:"code"`
	Label  string    `json:"label,omitempty"`
	Values []Count   `json:"values"`
	Pcts   []float64 `json:"pcts,omitempty"` // for percent columns, beside Values
}

// FigTable is a breakdown. By names what its rows are (county, month,
// service_type, profession, provider, referral_status, matter_kind,
// outcome, purpose, days, indicator); Map asks for a county map of the
// first column.
type FigTable struct {
	By      string      `json:"by"`
	Columns []FigColumn `json:"columns"`
	Rows    []FigRow    `json:"rows"`
	Map     bool        `json:"map,omitempty"`
	Multi   bool        `json:"multi,omitempty"`
	// Independent rows are not parts of one whole (indicators): a small
	// cell is hidden alone, with no complementary cell.
	Independent bool `json:"-"`
}

// Figure returns the summary figure of key, or nil.
func (f *Figures) Figure(key string) *Figure {
	for i := range f.Summary {
		if f.Summary[i].Key == key {
			return &f.Summary[i]
		}
	}
	return nil
}

// Table returns the table by, or nil.
func (f *Figures) Table(by string) *FigTable {
	for i := range f.Tables {
		if f.Tables[i].By == by {
			return &f.Tables[i]
		}
	}
	return nil
}

// Row returns the row of code, or nil.
func (t *FigTable) Row(code string) *FigRow {
	for i := range t.Rows {
		if t.Rows[i].Code == code {
			return &t.Rows[i]
		}
	}
	return nil
}

// Col returns the index of the column key, or -1.
func (t *FigTable) Col(key string) int {
	for i, c := range t.Columns {
		if c.Key == key {
			return i
		}
	}
	return -1
}

// Percent returns num/den in percent rounded to a tenth, 0 when den is 0.
func Percent(num, den int) float64 {
	if den == 0 {
		return 0
	}
	return float64(int(float64(num)*1000/float64(den)+0.5)) / 10
}

// SuppressSmallCells hides the counts under below, and what derives from
// them, for a reader who does not see identities: each count figure; in
// each count column the small cells and, where a column would have exactly
// one hidden cell, the next smallest (as Report.SuppressSmallCells does);
// then every money, days or percent value derived from a hidden count.
func (f *Figures) SuppressSmallCells(below int) {
	hidden := map[string]bool{}
	for i := range f.Summary {
		g := &f.Summary[i]
		if g.Unit == UnitCount {
			suppressOne(&g.Value, below)
			hidden[g.Key] = g.Value.Suppressed
		}
	}
	for i := range f.Summary {
		g := &f.Summary[i]
		if g.Unit == UnitCount || g.Unit == UnitNumber {
			continue
		}
		for _, k := range g.Of {
			if hidden[k] {
				g.Value, g.Pct = Count{Suppressed: true}, 0
			}
		}
	}
	for i := range f.Tables {
		t := &f.Tables[i]
		for c, col := range t.Columns {
			if col.Unit != UnitCount {
				continue
			}
			cells := make([]*Count, len(t.Rows))
			for r := range t.Rows {
				cells[r] = &t.Rows[r].Values[c]
				if t.Independent {
					suppressOne(cells[r], below)
				}
			}
			if !t.Independent {
				SuppressCells(cells, below)
			}
		}
		for c, col := range t.Columns {
			if col.Unit == UnitCount || col.Unit == UnitNumber {
				continue
			}
			for r := range t.Rows {
				row := &t.Rows[r]
				if row.Values[col.Of].Suppressed {
					row.Values[c] = Count{Suppressed: true}
					if c < len(row.Pcts) {
						row.Pcts[c] = 0
					}
				}
			}
		}
	}
}

// SuppressCells applies the primary and complementary rule to one line of
// counts: cells under below (not zero) are hidden, and if exactly one is,
// the smallest cell left shown (a zero only when no other is left) too.
// It reports whether it hid anything.
func SuppressCells(cells []*Count, below int) bool {
	hidden, next, already := 0, -1, 0
	for _, c := range cells {
		switch {
		case c.Suppressed:
			already++
		case c.N > 0 && c.N < below:
			hidden++
		}
	}
	if hidden+already == 1 {
		for i, c := range cells {
			if !c.Suppressed && c.N >= below && (next < 0 || c.N < cells[next].N) {
				next = i
			}
		}
		if next < 0 {
			for i, c := range cells {
				if !c.Suppressed && c.N == 0 {
					next = i
					break
				}
			}
		}
	}
	changed := false
	for i, c := range cells {
		if !c.Suppressed && (c.N > 0 && c.N < below || i == next) {
			*c = Count{Suppressed: true}
			changed = true
		}
	}
	return changed
}
