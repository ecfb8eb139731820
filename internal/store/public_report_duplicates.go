package store

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/haki-kenya/haki"
)

// duplicateDays is how far apart the dates of two accounts of one event
// may be.
const duplicateDays = 3

// maxDuplicateCandidates bounds the incidents and the reports a suggestion
// weighs, each.
const maxDuplicateCandidates = 200

// maxDuplicates is how many suggestions are returned.
const maxDuplicates = 20

// PublicReportDuplicates suggests the incidents and other reports a report
// may repeat: in the same county, dated within three days of it (a report
// without a date, by the day it came), ranked by the names of harmed persons
// they share (by the phonetic blind index, so spelling variants match), then
// by closeness of date. Only incidents the caller may see are suggested.
func (s *Store) PublicReportDuplicates(ctx context.Context, id string) ([]haki.DuplicateSuggestion, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermTriage, "report"); err != nil {
		return nil, err
	}
	var out []haki.DuplicateSuggestion
	err := s.read(ctx, func(tx *Tx) error {
		var county, occurred, prec, received, tokens string
		err := tx.queryRow(`SELECT COALESCE(county_code, ''), occurred_on, date_precision, received_at, name_tokens FROM public_reports WHERE id = ?`, id).
			Scan(&county, &occurred, &prec, &received, &tokens)
		if err != nil {
			return tx.mapErr(err, "report")
		}
		if county == "" {
			return nil
		}
		from, to := duplicateWindow(occurred, haki.Precision(prec), parseTime(received))
		toks := strings.Fields(tokens)
		incs, err := tx.duplicateIncidents(county, from, to, toks)
		if err != nil {
			return err
		}
		reps, err := tx.duplicateReports(id, county, from, to, toks)
		if err != nil {
			return err
		}
		out = rankDuplicates(append(incs, reps...), from.AddDate(0, 0, duplicateDays))
		return nil
	})
	return out, err
}

// duplicateWindow is the range of days, inclusive, a duplicate's date falls
// in: the report's period (a day, a month or a year) widened by
// duplicateDays each side; without a date, the days before it came.
func duplicateWindow(occurred string, p haki.Precision, received time.Time) (time.Time, time.Time) {
	if occurred == "" {
		day := haki.Today(received)
		return day.AddDate(0, 0, -duplicateDays), day
	}
	start := parseDate(occurred)
	end := start
	switch p {
	case haki.PrecisionMonth:
		end = start.AddDate(0, 1, -1)
	case haki.PrecisionYear:
		end = start.AddDate(1, 0, -1)
	}
	return start.AddDate(0, 0, -duplicateDays), end.AddDate(0, 0, duplicateDays)
}

func (tx *Tx) duplicateIncidents(county string, from, to time.Time, toks []string) ([]haki.DuplicateSuggestion, error) {
	cond, args := visibleIncidents("i", tx.user)
	rows, err := tx.query(`SELECT i.id, i.ref, i.occurred_on, i.date_precision, i.date_approx, i.verification, i.search_tokens
		FROM incidents i WHERE i.county_code = ? AND i.occurred_on >= ? AND i.occurred_on <= ? AND `+cond+`
		ORDER BY i.occurred_on, i.id LIMIT ?`, append(append([]any{county, fmtDate(from), fmtDate(to)}, args...), maxDuplicateCandidates)...)
	if err != nil {
		return nil, err
	}
	var out []haki.DuplicateSuggestion
	byID := map[string]int{}
	err = func() error {
		defer rows.Close()
		for rows.Next() {
			d := haki.DuplicateSuggestion{Kind: "incident", CountyCode: county}
			var occurred, prec, words string
			var approx bool
			if err := rows.Scan(&d.ID, &d.Ref, &occurred, &prec, &approx, &d.Status, &words); err != nil {
				return err
			}
			d.Occurred, _ = haki.NewFuzzyDate(occurred, haki.Precision(prec), approx)
			d.Matches = shared(toks, strings.Fields(words))
			byID[d.ID] = len(out)
			out = append(out, d)
		}
		return rows.Err()
	}()
	if err != nil || len(toks) == 0 || len(out) == 0 {
		return out, err
	}
	// The names of the incidents' victims, by their blind-index tokens.
	ids := make(map[string]bool, len(byID))
	for id := range byID {
		ids[id] = true
	}
	q := `SELECT a.incident_id, pt.token FROM acts a JOIN person_tokens pt ON pt.person_id = a.victim_id
		WHERE a.incident_id IN (?) AND pt.token IN (` + placeholders(len(toks)) + `)`
	seen := map[string]bool{}
	more := make([]any, len(toks))
	for i, t := range toks {
		more[i] = t
	}
	return out, pairsIn(tx, q, ids, func(id, tok string) {
		if !seen[id+" "+tok] {
			seen[id+" "+tok] = true
			out[byID[id]].Matches++
		}
	}, more...)
}

func (tx *Tx) duplicateReports(self, county string, from, to time.Time, toks []string) ([]haki.DuplicateSuggestion, error) {
	// A report without a date is placed on the day it came.
	rows, err := tx.query(`SELECT id, ref, occurred_on, date_precision, date_approx, received_at, status, name_tokens FROM public_reports
		WHERE county_code = ? AND id <> ? AND ((occurred_on >= ? AND occurred_on <= ?) OR (occurred_on = '' AND received_at >= ? AND received_at < ?))
		ORDER BY received_at, id LIMIT ?`, county, self, fmtDate(from), fmtDate(to),
		fmtTime(from.Add(-3*time.Hour)), fmtTime(to.AddDate(0, 0, 1).Add(-3*time.Hour)), maxDuplicateCandidates)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []haki.DuplicateSuggestion
	for rows.Next() {
		d := haki.DuplicateSuggestion{Kind: "report", CountyCode: county}
		var occurred, prec, received, words string
		var approx bool
		if err := rows.Scan(&d.ID, &d.Ref, &occurred, &prec, &approx, &received, &d.Status, &words); err != nil {
			return nil, err
		}
		if occurred != "" {
			d.Occurred, _ = haki.NewFuzzyDate(occurred, haki.Precision(prec), approx)
		} else {
			d.Occurred = haki.FuzzyDate{Date: haki.Today(parseTime(received)), Precision: haki.PrecisionDay}
		}
		d.Matches = shared(toks, strings.Fields(words))
		out = append(out, d)
	}
	return out, rows.Err()
}

// shared counts the tokens of a that b holds.
func shared(a, b []string) int {
	n := 0
	for _, t := range a {
		if slices.Contains(b, t) {
			n++
		}
	}
	return n
}

// rankDuplicates puts the most names in common first, then the closest in
// date to mid, and keeps maxDuplicates.
func rankDuplicates(ds []haki.DuplicateSuggestion, mid time.Time) []haki.DuplicateSuggestion {
	dist := func(d haki.DuplicateSuggestion) time.Duration {
		return max(d.Occurred.Date.Sub(mid), mid.Sub(d.Occurred.Date))
	}
	slices.SortStableFunc(ds, func(a, b haki.DuplicateSuggestion) int {
		if a.Matches != b.Matches {
			return b.Matches - a.Matches
		}
		if da, db := dist(a), dist(b); da != db {
			return int((da - db) / time.Hour)
		}
		return strings.Compare(a.Ref, b.Ref)
	})
	if len(ds) > maxDuplicates {
		ds = ds[:maxDuplicates]
	}
	if ds == nil {
		ds = []haki.DuplicateSuggestion{}
	}
	return ds
}
