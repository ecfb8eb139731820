package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/csvsafe"
)

// ApplyOptions are the store's batch options, as the importer asks for them.
type ApplyOptions struct {
	DryRun    bool
	ValidOnly bool
	Progress  func(done int)
	// OnRow is given each row's result as the store decides it; the
	// result's Rows then stay empty, so a million rows are not kept.
	OnRow func(haki.BatchRow)
}

// Apply writes a stream of batch rows in one transaction: the store's
// ApplyBatchStream, wired by the caller (internal/cli, internal/web). next
// returns io.EOF at the end; any other error from next rolls back.
type Apply func(ctx context.Context, system string, next func() (*haki.BatchIncident, error), opt ApplyOptions) (*haki.BatchResult, error)

// Options choose how an import runs.
type Options struct {
	DryRun    bool // check every row, write nothing
	ValidOnly bool // write the valid rows and report the others; default all or nothing
	// Progress is called now and then with the rows read so far and the
	// rows handed to the store.
	Progress func(read int)
	// MaxIssues bounds the issues kept in the report (all are counted);
	// 0 means 1,000.
	MaxIssues int
}

// Report tells what an import did, or in a dry run would do.
type Report struct {
	DryRun    bool    `json:"dry_run"`
	Committed bool    `json:"committed"`
	Rows      int     `json:"rows"`    // data rows read
	Valid     int     `json:"valid"`   // rows that passed the importer's checks
	Created   int     `json:"created"` // by the store
	Updated   int     `json:"updated"` // by the store
	Unchanged int     `json:"unchanged"`
	Rejected  int     `json:"rejected"` // rows refused by the importer or the store
	Warnings  int     `json:"warnings"` // values read with a note (an estimated age, a place read as its county)
	Issues    []Issue `json:"issues"`   // the first MaxIssues, errors and warnings, in row order
	// Reasons holds, for every rejected row number, why.
	Reasons map[int]string `json:"-"`
}

// ErrRejected is why an all-or-nothing import wrote nothing: a row was
// rejected.
var ErrRejected = haki.Errorf(haki.EINVALID, "Some rows were rejected, so nothing was imported (all or nothing).")

// Run reads every row of t, turns it into a batch row with c, and hands
// the rows to apply in one stream. With apply nil it only checks (the
// importer's own dry run, without asking the store what it would create).
// A cancelled ctx stops it, and the store rolls back.
func Run(ctx context.Context, t *Table, c *Compiled, apply Apply, opt Options) (*Report, error) {
	if opt.MaxIssues == 0 {
		opt.MaxIssues = 1000
	}
	rep := &Report{DryRun: opt.DryRun || apply == nil, Reasons: map[int]string{}}
	c.Reset()
	var lines []int // stream index -> file row
	keep := func(is []Issue) {
		for _, i := range is {
			if i.Warning {
				rep.Warnings++
			}
			if len(rep.Issues) < opt.MaxIssues {
				rep.Issues = append(rep.Issues, i)
			}
		}
	}
	next := func() (*haki.BatchIncident, error) {
		for {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			row, line, err := t.Next()
			if err != nil {
				return nil, err
			}
			rep.Rows++
			if opt.Progress != nil && rep.Rows%1000 == 0 {
				opt.Progress(rep.Rows)
			}
			bi, issues := c.Row(row, line)
			keep(issues)
			if bi == nil {
				rep.Rejected++
				rep.Reasons[line] = reason(issues)
				continue
			}
			rep.Valid++
			lines = append(lines, line)
			return bi, nil
		}
	}
	if apply == nil {
		for {
			if _, err := next(); err == io.EOF {
				break
			} else if err != nil {
				return rep, err
			}
		}
		return rep, nil
	}
	allOrNothing := !opt.ValidOnly && !opt.DryRun
	stream := func() (*haki.BatchIncident, error) {
		bi, err := next()
		if err == io.EOF && allOrNothing && rep.Rejected > 0 {
			return nil, ErrRejected
		}
		return bi, err
	}
	onRow := func(row haki.BatchRow) { rejectedByStore(rep, row, lines, keep) }
	res, err := apply(ctx, c.m.System, stream, ApplyOptions{DryRun: opt.DryRun, ValidOnly: opt.ValidOnly, OnRow: onRow})
	if opt.Progress != nil {
		opt.Progress(rep.Rows)
	}
	if res != nil {
		rep.Committed = res.Committed
		rep.Created, rep.Updated, rep.Unchanged = res.Created, res.Updated, res.Unchanged
		for _, row := range res.Rows { // an Apply that keeps the rows rather than calling OnRow
			onRow(row)
		}
	}
	if err != nil {
		rep.Committed = false
		if errors.Is(err, ErrRejected) || rep.Rejected > 0 && haki.ErrorCode(err) == haki.EINVALID {
			sortIssues(rep)
			return rep, ErrRejected
		}
		return rep, err
	}
	sortIssues(rep)
	return rep, nil
}

// rejectedByStore adds a row the store refused to the report.
func rejectedByStore(rep *Report, row haki.BatchRow, lines []int, keep func([]Issue)) {
	if row.Action != haki.BatchRejected {
		return
	}
	line := 0
	if row.Index >= 0 && row.Index < len(lines) {
		line = lines[row.Index]
	}
	rep.Rejected++
	rep.Valid--
	var is []Issue
	fields := make([]string, 0, len(row.Problems))
	for f := range row.Problems {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	for _, f := range fields {
		is = append(is, Issue{Row: line, Field: f, Message: row.Problems[f]})
	}
	if len(is) == 0 {
		is = append(is, Issue{Row: line, Message: "Refused by the store."})
	}
	keep(is)
	rep.Reasons[line] = reason(is)
}

func sortIssues(rep *Report) {
	sort.SliceStable(rep.Issues, func(i, j int) bool { return rep.Issues[i].Row < rep.Issues[j].Row })
}

// reason sums up a rejected row's errors in one line for the rejected-rows file.
func reason(is []Issue) string {
	var parts []string
	for _, i := range is {
		if i.Warning {
			continue
		}
		s := i.Field + ": " + i.Message
		if i.Column != "" {
			s = fmt.Sprintf("%s (column %q): %s", i.Field, i.Column, i.Message)
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

// WriteRejected writes the rejected rows of a sheet as CSV: the header and
// each rejected row as it was, with a last column "reason". t must be
// freshly opened on the same file.
func WriteRejected(w io.Writer, t *Table, reasons map[int]string) error {
	cw := csvsafe.NewWriter(w)
	if err := cw.Write(append(append([]string{}, t.Header...), "reason")); err != nil {
		return err
	}
	for {
		row, line, err := t.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		r, ok := reasons[line]
		if !ok {
			continue
		}
		out := append(append(make([]string, 0, len(row)+1), row...), fmt.Sprintf("row %d: %s", line, r))
		if err := cw.Write(out); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
