package haki

import (
	"iter"
	"slices"
)

// Anonymisation of a research extract, k-anonymity on the chosen
// quasi-identifiers (QIs).
//
// Generalisation is global: a step raises one QI one level on its ladder
// (county, region, any; age band, under 18 or adult, any; month, quarter,
// year, any; sex, types or services, any) for every row alike. The greedy
// search starts from the values as recorded and, while more than
// MaxSuppressed of the rows sit in classes smaller than k, takes the one
// step that leaves the fewest such rows (ties go to the QI listed first in
// ExtractQIs). It is not optimal (a full lattice search could find a
// cheaper set of levels) but it is simple, explainable, and needs one
// pass over the distinct QI tuples per candidate step. Then every row in a
// class smaller than k is suppressed (left out). With the strategy
// "suppress" there is no generalisation. The counting runs over the
// distinct QI tuples with their counts, not over the rows, so the search
// costs little even at a million rows.

// ExtractNote says what was done to the extract and what it cost.
type ExtractNote struct {
	K        int      `json:"k"`
	QIs      []string `json:"quasi_identifiers"`
	Strategy string   `json:"strategy"`
	// Generalised names the level each QI was left at, such as
	// "county": "region"; Levels and MaxLevels give it as numbers.
	Generalised map[string]string `json:"generalised"`
	Levels      map[string]int    `json:"levels"`
	MaxLevels   map[string]int    `json:"max_levels"`
	// Steps are the generalisation steps taken, in order.
	Steps          []string `json:"steps"`
	RowsIn         int      `json:"rows_in"`
	RowsOut        int      `json:"rows_out"`
	RowsSuppressed int      `json:"rows_suppressed"`
	Classes        int      `json:"classes"`
	SmallestClass  int      `json:"smallest_class"`
	// SuppressedShare is RowsSuppressed / RowsIn; GeneralisationLoss is
	// the mean over the QIs of level / max level (0: as recorded, 1: all
	// "any"): together, what the protection cost.
	SuppressedShare    float64 `json:"suppressed_share"`
	GeneralisationLoss float64 `json:"generalisation_loss"`
}

// ExtractResult is an anonymised extract: the rows kept, generalised, in
// an order that owes nothing to the records', and the note.
type ExtractResult struct {
	Note  ExtractNote
	table *ExtractTable
	gen   generaliser
	keep  []int32
}

// Len is the number of rows kept.
func (r *ExtractResult) Len() int { return len(r.keep) }

// Rows yields the rows kept.
func (r *ExtractResult) Rows() iter.Seq[ExtractRow] {
	return func(yield func(ExtractRow) bool) {
		for _, i := range r.keep {
			if !yield(r.row(i)) {
				return
			}
		}
	}
}

func (r *ExtractResult) row(i int32) ExtractRow {
	var f [extractFields]string
	for j, c := range r.table.rows[i] {
		f[j] = r.table.codes[r.gen[j][c]]
	}
	return ExtractRow{f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10]}
}

// qiKey is the tuple of a row's QI values (unused places zero).
type qiKey [6]uint32

// Anonymise makes t k-anonymous on o.QIs as the comment above describes.
// o is taken as ParseExtractOptions leaves it.
func Anonymise(t *ExtractTable, o ExtractOptions) *ExtractResult {
	fields := make([]int, len(o.QIs))
	for i, qi := range o.QIs {
		fields[i] = qiField[qi]
	}
	tuples := map[qiKey]int{}
	for _, row := range t.rows {
		tuples[rowKey(row, fields, nil)]++
	}
	levels := map[string]int{}
	for _, qi := range o.QIs {
		levels[qi] = 0
	}
	note := ExtractNote{K: o.K, QIs: o.QIs, Strategy: o.Strategy, RowsIn: t.Len(), Generalised: map[string]string{},
		Levels: levels, MaxLevels: map[string]int{}}
	budget := int(o.MaxSuppressed * float64(t.Len()))
	suppressed := classSuppressed(t, tuples, fields, levels, o)
	for o.Strategy != ExtractSuppress && suppressed > budget {
		best, bestN := "", 0
		for _, qi := range o.QIs {
			if levels[qi] == len(qiLadders[qi].levels)-1 {
				continue
			}
			levels[qi]++
			if n := classSuppressed(t, tuples, fields, levels, o); best == "" || n < bestN {
				best, bestN = qi, n
			}
			levels[qi]--
		}
		if best == "" {
			break
		}
		levels[best]++
		suppressed = bestN
		note.Steps = append(note.Steps, best+" to "+qiLadders[best].levels[levels[best]])
	}
	res := &ExtractResult{table: t, gen: t.generaliser(levels, o.Regions)}
	res.keep = keepRows(t, res.gen, fields, o.K, &note)
	res.sort()
	res.Note = finishNote(note, o)
	return res
}

// rowKey is the row's QI tuple, generalised by g when it is not nil.
func rowKey(row [extractFields]uint32, fields []int, g *generaliser) qiKey {
	var k qiKey
	for i, f := range fields {
		if g == nil {
			k[i] = row[f]
		} else {
			k[i] = g[f][row[f]]
		}
	}
	return k
}

// classSuppressed counts the rows in classes smaller than k at levels.
func classSuppressed(t *ExtractTable, tuples map[qiKey]int, fields []int, levels map[string]int, o ExtractOptions) int {
	g := t.generaliser(levels, o.Regions)
	classes := map[qiKey]int{}
	for k, n := range tuples {
		classes[generalise(k, fields, &g)] += n
	}
	small := 0
	for _, n := range classes {
		if n < o.K {
			small += n
		}
	}
	return small
}

func generalise(k qiKey, fields []int, g *generaliser) qiKey {
	for i, f := range fields {
		k[i] = g[f][k[i]]
	}
	return k
}

// keepRows returns the rows whose class has at least k rows, and fills
// in the note's counts of rows and classes.
func keepRows(t *ExtractTable, g generaliser, fields []int, k int, note *ExtractNote) []int32 {
	classes := map[qiKey]int{}
	for _, row := range t.rows {
		classes[rowKey(row, fields, &g)]++
	}
	keep := make([]int32, 0, t.Len())
	for i, row := range t.rows {
		if classes[rowKey(row, fields, &g)] >= k {
			keep = append(keep, int32(i))
		}
	}
	for _, n := range classes {
		if n >= k {
			note.Classes++
			if note.SmallestClass == 0 || n < note.SmallestClass {
				note.SmallestClass = n
			}
		}
	}
	note.RowsOut = len(keep)
	note.RowsSuppressed = t.Len() - len(keep)
	return keep
}

// sort orders the rows kept by their values, so the order of the records
// (and so of their entry) does not show through.
func (r *ExtractResult) sort() {
	rank := r.table.ranks()
	slices.SortStableFunc(r.keep, func(a, b int32) int {
		ra, rb := r.table.rows[a], r.table.rows[b]
		for f := range extractFields {
			x, y := rank[r.gen[f][ra[f]]], rank[r.gen[f][rb[f]]]
			if x != y {
				return int(x) - int(y)
			}
		}
		return 0
	})
}

// finishNote fills in the levels' names and the costs.
func finishNote(note ExtractNote, o ExtractOptions) ExtractNote {
	loss := 0.0
	for _, qi := range o.QIs {
		ladder := qiLadders[qi].levels
		note.MaxLevels[qi] = len(ladder) - 1
		note.Generalised[qi] = ladder[note.Levels[qi]]
		loss += float64(note.Levels[qi]) / float64(len(ladder)-1)
	}
	if len(o.QIs) > 0 {
		note.GeneralisationLoss = loss / float64(len(o.QIs))
	}
	if note.RowsIn > 0 {
		note.SuppressedShare = float64(note.RowsSuppressed) / float64(note.RowsIn)
	}
	return note
}
