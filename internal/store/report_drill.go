package store

import (
	"strconv"
	"strings"
	"time"

	"github.com/haki-kenya/haki"
)

// reportDrill returns the condition (on alias i) of the incidents behind a
// figure of a standard report: the report's own scope and victim filters
// (report.go), narrowed by the breakdown row's method, fate, consequence
// or age band. An incident passes when one of its counted victims does.
func reportDrill(f haki.IncidentFilter) (string, []any, error) {
	spec, ok := reportSpecs[f.Report]
	if !ok {
		return "", nil, haki.Errorf(haki.EINVALID, "Unknown report; choose executions or torture.")
	}
	rf := f.ReportFilter
	if rf.AllDates { // every date, and the unknown ones (countedScope)
		rf.From, rf.To = time.Date(haki.MinYear, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(haki.MaxYear, 12, 31, 0, 0, 0, 0, time.UTC)
	}
	if rf.From.IsZero() || rf.To.IsZero() || rf.To.Before(rf.From) {
		return "", nil, haki.Errorf(haki.EINVALID, "Choose the period of the report.")
	}
	if len(rf.Bands) == 0 {
		rf.Bands = haki.DefaultAgeBands()
	}
	scope, args := countedScope(spec, rf)
	if !victimFiltered(rf) && f.Method == "" && f.Fate == "" && f.Consequence == "" {
		return "(" + scope + ")", args, nil
	}
	acts, actArgs := actScope(spec, rf)
	conds := []string{acts}
	if f.Method != "" {
		conds, actArgs = append(conds, "a.method = ?"), append(actArgs, f.Method)
	}
	if f.Fate != "" {
		conds = append(conds, "a.victim_status = ? AND (a.act_type = 'disappearance' OR a.victim_status IN ('missing', 'found_alive', 'found_dead'))")
		actArgs = append(actArgs, f.Fate)
	}
	if f.Consequence != "" {
		conds = append(conds, "EXISTS (SELECT 1 FROM act_consequences dc WHERE dc.act_id = a.id AND dc.code = ?)")
		actArgs = append(actArgs, f.Consequence)
	}
	if rf.AgeBand != "" {
		cond, cargs := ageBandCond(rf.Bands, rf.AgeBand)
		conds, actArgs = append(conds, cond), append(actArgs, cargs...)
	}
	return "(" + scope + " AND EXISTS (SELECT 1 FROM acts a LEFT JOIN persons p ON p.id = a.victim_id WHERE a.incident_id = i.id AND " +
		strings.Join(conds, " AND ") + "))", append(args, actArgs...), nil
}

// ageSQL is a victim's age as the report's tally works it out: the age
// recorded on the act, else from the birth date on the day of the incident
// (a year less before the birthday when both dates are known to the day).
const ageSQL = `(CASE WHEN a.victim_age IS NOT NULL THEN a.victim_age
	WHEN LENGTH(p.birth_date) = 10 AND LENGTH(i.occurred_on) = 10 THEN CAST(SUBSTR(i.occurred_on, 1, 4) AS INTEGER) - CAST(SUBSTR(p.birth_date, 1, 4) AS INTEGER)
		- CASE WHEN p.birth_precision = 'day' AND i.date_precision = 'day' AND SUBSTR(i.occurred_on, 6) < SUBSTR(p.birth_date, 6) THEN 1 ELSE 0 END
	END)`

// ageBandCond is the condition that the victim's age falls in band.
func ageBandCond(bands haki.AgeBands, band string) (string, []any) {
	if band == haki.AgeUnknown {
		return "(" + ageSQL + " IS NULL OR " + ageSQL + " < 0 OR " + ageSQL + " > 120)", nil
	}
	lo, hi := 0, 120
	if l, ok := strings.CutSuffix(band, "+"); ok {
		lo, _ = strconv.Atoi(l)
	} else if l, h, ok := strings.Cut(band, "-"); ok {
		lo, _ = strconv.Atoi(l)
		hi, _ = strconv.Atoi(h)
	}
	return ageSQL + " BETWEEN ? AND ?", []any{lo, hi}
}
