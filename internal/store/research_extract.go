package store

// The research extract (research_extract.go in the domain): victim-level
// rows, codes only, made k-anonymous before they leave.
//
// The rows are read in one snapshot transaction, streamed from the
// database straight into a haki.ExtractTable, which keeps each row as 11
// indices into a dictionary of codes (44 bytes a row): a full extract at
// 1,000,000 incidents (about 1.3 million victims) holds about 60 MB of
// rows, plus the dictionary and the anonymiser's maps over the distinct
// quasi-identifier tuples, which are small. The anonymiser needs every
// row before it can tell which classes are too small, so the extract
// cannot be written as it is read; it is written once anonymised.
//
// Nothing identifying is read: no id, reference, name, birth date, exact
// date, place below the county, officer, institution, note or narrative.

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/gazetteer"
)

// ResearchExtract builds the anonymised research extract that o asks
// for. It needs PermResearchExtract, and audits itself: an "export" of a
// "research_extract" with the options and the note's counts, written
// whether or not the extract succeeded.
func (s *Store) ResearchExtract(ctx context.Context, o haki.ExtractOptions) (res *haki.ExtractResult, err error) {
	u := haki.UserFromContext(ctx)
	if err := require(u, haki.PermResearchExtract); err != nil {
		return nil, err
	}
	res, err = s.researchExtract(ctx, o)
	detail := map[string]any{"options": o.Query().Encode(), "complete": err == nil}
	if res != nil {
		detail["rows_in"], detail["rows_out"], detail["rows_suppressed"] = res.Note.RowsIn, res.Note.RowsOut, res.Note.RowsSuppressed
		detail["generalised"] = res.Note.Generalised
	}
	if purpose, _ := ctx.Value(purposeKey{}).(string); purpose != "" {
		detail["command"] = purpose
	}
	if aerr := s.Audit(context.WithoutCancel(ctx), "export", "research_extract", "", detail); aerr != nil {
		return nil, errors.Join(err, aerr)
	}
	return res, err
}

func (s *Store) researchExtract(ctx context.Context, o haki.ExtractOptions) (*haki.ExtractResult, error) {
	t := haki.NewExtractTable()
	err := s.snapshotRead(ctx, func(tx *Tx) error {
		var err error
		if o.Regions, err = tx.extractRegions(); err != nil {
			return err
		}
		return tx.extractRows(o, t)
	})
	if err != nil {
		return nil, err
	}
	return haki.Anonymise(t, o), nil
}

// extractRegions maps each county to the region it generalises to: its
// parent in the gazetteer when it has one, else Kenya's former province,
// else none (the county then generalises to "any").
func (tx *Tx) extractRegions() (map[string]string, error) {
	regions := gazetteer.KenyaRegions()
	rows, err := tx.query(`SELECT code, parent_code FROM places WHERE level = 1 AND parent_code IS NOT NULL`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var code, parent string
		if err := rows.Scan(&code, &parent); err != nil {
			return nil, err
		}
		regions[code] = parent
	}
	return regions, rows.Err()
}

// extractRows streams the victims of the acts of the period into t.
func (tx *Tx) extractRows(o haki.ExtractOptions, t *haki.ExtractTable) error {
	where, args := figIncidentPeriod(o.From, o.To)
	if o.CountyCode != "" {
		where += ` AND i.county_code = ?`
		args = append(args, o.CountyCode)
	}
	if len(o.Types) > 0 {
		where += ` AND EXISTS (SELECT 1 FROM incident_types wt WHERE wt.incident_id = i.id AND wt.type_code IN (?` +
			strings.Repeat(", ?", len(o.Types)-1) + `))`
		for _, c := range o.Types {
			args = append(args, c)
		}
	}
	q := `SELECT CASE WHEN i.date_precision = 'unknown' THEN 'unknown' WHEN i.date_precision = 'year' THEN SUBSTR(i.occurred_on, 1, 4) ELSE SUBSTR(i.occurred_on, 1, 7) END,
		COALESCE((SELECT ` + tx.d.joinCodes("et.type_code") + ` FROM incident_types et WHERE et.incident_id = i.id), ''),
		i.county_code, p.sex, ` + figBand(figVictimAge, haki.DefaultAgeBands()) + `, a.act_type, a.victim_status, a.method,
		COALESCE((SELECT ` + tx.d.joinCodes("ev.service_code") + ` FROM involvements ev WHERE ev.act_id = a.id), ''),
		i.context, i.verification
		FROM acts a JOIN incidents i ON i.id = a.incident_id JOIN persons p ON p.id = a.victim_id
		WHERE ` + where
	rows, err := tx.query(q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r haki.ExtractRow
		if err := rows.Scan(&r.Month, &r.Types, &r.County, &r.Sex, &r.AgeBand, &r.ActType, &r.VictimStatus, &r.Method,
			&r.Services, &r.Context, &r.Verification); err != nil {
			return err
		}
		r.Types, r.Services = sortedCodes(r.Types), sortedCodes(r.Services)
		t.Add(r)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows.Close()
	return tx.extractGroupRows(where, args, t)
}

// extractGroupRows adds a row per member of each group of unnamed victims
// of the incidents where selects: the group's sex (a mixed group's
// unknown) and age band (a mixed group's unknown), no perpetrator. Each
// member is a victim of their own, so k-anonymity counts them as it
// counts named victims.
func (tx *Tx) extractGroupRows(where string, args []any, t *haki.ExtractTable) error {
	q := `SELECT CASE WHEN i.date_precision = 'unknown' THEN 'unknown' WHEN i.date_precision = 'year' THEN SUBSTR(i.occurred_on, 1, 4) ELSE SUBSTR(i.occurred_on, 1, 7) END,
		COALESCE((SELECT ` + tx.d.joinCodes("et.type_code") + ` FROM incident_types et WHERE et.incident_id = i.id), ''),
		i.county_code, CASE WHEN a.sex = 'mixed' THEN 'unknown' ELSE a.sex END,
		CASE WHEN a.age_band = 'mixed' THEN 'unknown' ELSE a.age_band END, a.act_type, a.victim_status, a.method,
		i.context, i.verification, a.count
		FROM victim_groups a JOIN incidents i ON i.id = a.incident_id
		WHERE ` + where
	return scanRows(tx, q, args, func(rows *sql.Rows) error {
		var r haki.ExtractRow
		var n int
		if err := rows.Scan(&r.Month, &r.Types, &r.County, &r.Sex, &r.AgeBand, &r.ActType, &r.VictimStatus, &r.Method,
			&r.Context, &r.Verification, &n); err != nil {
			return err
		}
		r.Types = sortedCodes(r.Types)
		for range n {
			t.Add(r)
		}
		return nil
	})
}

// sortedCodes sorts and de-duplicates a ";"-joined list of codes, whose
// order the engines' aggregates leave undefined.
func sortedCodes(s string) string {
	if !strings.Contains(s, ";") {
		return s
	}
	codes := strings.Split(s, ";")
	slices.Sort(codes)
	return strings.Join(slices.Compact(codes), ";")
}
