package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/haki-kenya/haki"
)

// The public portal (/portal) reads only through this file: every rule of
// what the public may see is here. Anyone may call these functions; no
// caller is needed, and none changes what they return.
//
// An incident is shown only while, at the moment of reading:
//   - it is verified and marked publishable;
//   - it has publication details (publication.go) written by a data
//     manager or administrator;
//   - every client it concerns (publicationClients: a victim who is the
//     client of a case, the client of a linked case) has publication
//     consent given now, with no override counting: a withdrawal takes it
//     off at once;
//   - it was not anonymised by the retention rules.
//
// Of such an incident the portal gets its public reference (not the
// incident's), the date, the county, the types, the summary written for
// the public, and per victim only what publishedVictim allows. Nothing
// else leaves: not the title, narrative, place, acts, perpetrators or
// sources. Figures are the executions report computed for a reader who
// does not see identities (report_protect.go): whole years, small cells
// hidden, counts rounded.

// portalCandidate is a published incident before its consents are checked.
type portalCandidate struct {
	id, summary, master, wrapped string
	inc                          haki.PortalIncident
	occurred, prec, published    string
	approx                       bool
}

// portalWhere is the condition (alias i, p) of the incidents the portal may
// consider; the consents are checked per incident after.
const portalWhere = `i.verification = 'verified' AND i.publishable = 1 AND i.anonymised_at = ''`

// PortalIncidents returns the published incidents, newest first, a page of
// q.Limit (all when 0), and the cursor of the next page.
func (s *Store) PortalIncidents(ctx context.Context, q haki.PortalQuery) ([]haki.PortalIncident, string, error) {
	where, args := []string{portalWhere}, []any{}
	if q.Year > 0 {
		where, args = append(where, `i.occurred_year = ?`), append(args, q.Year)
	}
	if q.CountyCode != "" {
		where, args = append(where, `i.county_code = ?`), append(args, q.CountyCode)
	}
	if q.Cursor != "" {
		key, id, err := decodeCursor(q.Cursor)
		if err != nil {
			return nil, "", err
		}
		where, args = append(where, `(i.occurred_on < ? OR (i.occurred_on = ? AND i.id < ?))`), append(args, key, key, id)
	}
	var out []haki.PortalIncident
	var next string
	err := s.read(ctx, func(tx *Tx) error {
		cands, err := tx.portalCandidates(strings.Join(where, " AND "), args)
		if err != nil {
			return err
		}
		lastID := ""
		for _, c := range cands {
			inc, ok, err := tx.portalIncident(c)
			if err != nil {
				return err
			}
			if !ok {
				continue
			}
			if q.Limit > 0 && len(out) == q.Limit {
				next = encodeCursor(out[len(out)-1].Occurred.ISO(), lastID)
				break
			}
			out, lastID = append(out, inc), c.id
		}
		return nil
	})
	return out, next, err
}

// PortalIncident returns one published incident by its public reference;
// an incident the portal may not show is not found.
func (s *Store) PortalIncident(ctx context.Context, ref string) (*haki.PortalIncident, error) {
	var out *haki.PortalIncident
	err := s.read(ctx, func(tx *Tx) error {
		cands, err := tx.portalCandidates(portalWhere+` AND p.ref = ?`, []any{strings.ToUpper(strings.TrimSpace(ref))})
		if err != nil {
			return err
		}
		for _, c := range cands {
			inc, ok, err := tx.portalIncident(c)
			if err != nil {
				return err
			}
			if ok {
				out = &inc
				return nil
			}
		}
		return haki.Errorf(haki.ENOTFOUND, "No such published incident.")
	})
	return out, err
}

// portalCandidates reads the published incidents matching where, newest
// first, before their consents are checked.
func (tx *Tx) portalCandidates(where string, args []any) ([]portalCandidate, error) {
	rows, err := tx.query(`SELECT i.id, p.ref, p.summary, p.published_at, i.occurred_on, i.date_precision, i.date_approx, i.county_code,
		COALESCE(ik.master_id, ''), COALESCE(ik.wrapped, '')
		FROM incident_publications p JOIN incidents i ON i.id = p.incident_id LEFT JOIN data_keys ik ON ik.id = i.key_id
		WHERE i.merged_into IS NULL AND `+where+` ORDER BY i.occurred_on DESC, i.id DESC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []portalCandidate
	for rows.Next() {
		var c portalCandidate
		if err := rows.Scan(&c.id, &c.inc.Ref, &c.summary, &c.published, &c.occurred, &c.prec, &c.approx, &c.inc.CountyCode,
			&c.master, &c.wrapped); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// portalIncident checks a candidate's consents and builds what the portal
// shows of it; ok is false when it may not be shown.
func (tx *Tx) portalIncident(c portalCandidate) (haki.PortalIncident, bool, error) {
	inc := c.inc
	clients, err := tx.publicationClients(c.id)
	if err != nil {
		return inc, false, err
	}
	if ok, err := tx.publicationConsented(clients); err != nil || !ok {
		return inc, false, err
	}
	key, err := tx.s.unwrapJoined(c.master, c.wrapped)
	if err != nil || key == nil {
		return inc, false, err
	}
	sl := sealer{key, "publication", c.id}
	if inc.Summary, err = sl.open("summary", c.summary); err != nil {
		return inc, false, err
	}
	if inc.Occurred, err = haki.NewFuzzyDate(c.occurred, haki.Precision(c.prec), c.approx); err != nil {
		return inc, false, err
	}
	inc.PublishedAt = parseTime(c.published)
	if inc.Types, err = tx.portalTypes(c.id); err != nil {
		return inc, false, err
	}
	if inc.Victims, err = tx.portalVictims(c.id, sl, clients); err != nil {
		return inc, false, err
	}
	return inc, true, nil
}

func (tx *Tx) portalTypes(incidentID string) ([]string, error) {
	rows, err := tx.query(`SELECT t.type_code FROM incident_types t JOIN terms v ON v.vocab = 'incident_type' AND v.code = t.type_code
		WHERE t.incident_id = ? ORDER BY v.sort`, incidentID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var code string
		if err := rows.Scan(&code); err != nil {
			return nil, err
		}
		out = append(out, code)
	}
	return out, rows.Err()
}

// portalVictims lists every victim of the incident's acts, in the order of
// the acts, each with only what publishedVictim allows.
func (tx *Tx) portalVictims(incidentID string, sl sealer, clients []publicationClient) ([]haki.PortalVictim, error) {
	rows, err := tx.query(`SELECT a.victim_id, MAX(a.victim_age), COALESCE(MAX(v.show_name), 0), COALESCE(MAX(v.show_age), 0),
		COALESCE(MAX(v.public_source), ''), MAX(ps.full_name), COALESCE(MAX(pk.master_id), ''), COALESCE(MAX(pk.wrapped), '')
		FROM acts a JOIN persons ps ON ps.id = a.victim_id LEFT JOIN data_keys pk ON pk.id = ps.key_id
		LEFT JOIN publication_victims v ON v.incident_id = a.incident_id AND v.person_id = a.victim_id
		WHERE a.incident_id = ? GROUP BY a.victim_id ORDER BY MIN(a.id)`, incidentID)
	if err != nil {
		return nil, err
	}
	var found []victimRow
	var ids []string
	for rows.Next() {
		var r victimRow
		if err := rows.Scan(&r.id, &r.age, &r.showName, &r.showAge, &r.source, &r.name, &r.master, &r.wrapped); err != nil {
			rows.Close()
			return nil, err
		}
		found, ids = append(found, r), append(ids, r.id)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	covered := consentCovers(ids, clients)
	out := make([]haki.PortalVictim, 0, len(found))
	for _, r := range found {
		r.client = covered[r.id]
		v, err := tx.publishedVictim(r, sl)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// victimRow is what the store holds of a victim of a published incident.
type victimRow struct {
	id, source, name, master, wrapped string
	age                               sql.NullInt64
	showName, showAge, client         bool
}

// publishedVictim is the one place that decides what of a victim the
// public sees: for a victim their own or their family's publication
// consent covers (consentCovers), the name and age agreed to; for
// a victim who is nobody's client, the name and age only where staff gave
// the public source they were already named in, and that source; for a
// person whose identity was erased, nothing. Anything not agreed is never
// opened.
func (tx *Tx) publishedVictim(r victimRow, sl sealer) (haki.PortalVictim, error) {
	var v haki.PortalVictim
	var err error
	if !r.client {
		if r.source == "" {
			return v, nil
		}
		if v.Source, err = sl.open("public_source/"+r.id, r.source); err != nil {
			return v, err
		}
	}
	if r.showAge && r.age.Valid {
		age := int(r.age.Int64)
		v.Age = &age
	}
	if r.showName {
		key, err := tx.s.unwrapJoined(r.master, r.wrapped)
		if err != nil {
			return v, err
		}
		if key == nil { // erased: nothing of them is shown
			return haki.PortalVictim{}, nil
		}
		if v.Name, err = (sealer{key, "person", r.id}).open("full_name", r.name); err != nil {
			return v, err
		}
	}
	return v, nil
}

// PortalFigureBreakdowns are the breakdowns of the executions report the
// portal publishes.
var PortalFigureBreakdowns = []string{haki.ByMonth, haki.ByCounty, haki.BySex, haki.ByAgeBand}

// PortalFigures returns the executions report of one whole year as the
// public may see it: computed for a reader who does not see identities
// (report_protect.go: small cells hidden, counts rounded, the same in every
// answer), with only the breakdowns by month, county, sex and age band.
func (s *Store) PortalFigures(ctx context.Context, year int) (*haki.Report, error) {
	if year < 1900 || year > 9999 {
		return nil, haki.Errorf(haki.EINVALID, "Choose a year.")
	}
	f := haki.ReportFilter{From: time.Date(year, time.January, 1, 0, 0, 0, 0, time.UTC), To: time.Date(year, time.December, 31, 0, 0, 0, 0, time.UTC), Bands: haki.DefaultAgeBands()}
	r, err := s.computeReport(ctx, reportSpecs[haki.ReportExecutions], f, true, false)
	if err != nil {
		return nil, err
	}
	r.Accountability = nil
	var tables []haki.ReportTable
	for _, by := range PortalFigureBreakdowns {
		if t := r.Table(by); t != nil {
			tables = append(tables, *t)
		}
	}
	r.Tables = tables
	return r, nil
}

// PortalYears lists the years the executions report has incidents in,
// newest first, for the portal's figures.
func (s *Store) PortalYears(ctx context.Context) ([]int, error) {
	types, args := typeScope(reportSpecs[haki.ReportExecutions])
	return s.distinctYears(ctx, `SELECT DISTINCT i.occurred_year FROM incidents i WHERE `+types+` ORDER BY i.occurred_year DESC`, args...)
}
