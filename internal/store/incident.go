package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/haki-kenya/haki"
)

// incidentFrom joins each incident to its data key.
const incidentFrom = `incidents i LEFT JOIN data_keys ik ON ik.id = i.key_id`

const incidentColumns = `i.id, i.ref, i.title, i.occurred_on, i.date_precision, i.date_approx, i.county_code, COALESCE(i.subcounty_code, ''),
	i.place_name, i.latitude, i.longitude, i.context, i.narrative, i.verification, i.publishable, i.victim_count,
	COALESCE(i.created_by, ''), i.created_at, i.updated_at, i.version, COALESCE(ik.master_id, ''), COALESCE(ik.wrapped, ''), i.date_bound`

// scanIncident reads a row of incidentColumns. With reveal it opens the
// sealed title and narrative; without, it removes what could identify.
func (tx *Tx) scanIncident(row interface{ Scan(...any) error }, reveal bool) (*haki.Incident, error) {
	inc := &haki.Incident{}
	var occurred, prec, created, updated, master, wrapped, bound string
	var approx bool
	var lat, lon sql.NullFloat64
	err := row.Scan(&inc.ID, &inc.Ref, &inc.Title, &occurred, &prec, &approx, &inc.CountyCode, &inc.SubCountyCode,
		&inc.PlaceName, &lat, &lon, &inc.Context, &inc.Narrative, &inc.Verification, &inc.Publishable, &inc.VictimCount,
		&inc.CreatedBy, &created, &updated, &inc.Version, &master, &wrapped, &bound)
	if err != nil {
		return nil, err
	}
	if reveal {
		key, err := tx.s.unwrapJoined(master, wrapped)
		if err != nil {
			return nil, err
		}
		tx.reveal("incident", inc.ID)
		sl := sealer{key, "incident", inc.ID}
		if err := sl.openAll(map[string]*string{"title": &inc.Title, "narrative": &inc.Narrative}); err != nil {
			return nil, err
		}
	}
	if haki.Precision(prec) == haki.PrecisionUnknown {
		inc.Occurred, err = haki.ParseDateBound(bound)
	} else {
		inc.Occurred, err = haki.NewFuzzyDate(occurred, haki.Precision(prec), approx)
	}
	if err != nil {
		return nil, err
	}
	if lat.Valid && lon.Valid {
		inc.Latitude, inc.Longitude = &lat.Float64, &lon.Float64
	}
	inc.CreatedAt, inc.UpdatedAt = parseTime(created), parseTime(updated)
	if !reveal {
		inc.Redact()
	}
	return inc, nil
}

const incidentWritable = `title, occurred_on, occurred_year, occurred_month, date_precision, date_approx, county_code, subcounty_code,
	place_name, latitude, longitude, context, narrative, verification, publishable, search_tokens, date_bound`

// maxTextTokens bounds the words of one incident kept in its search tokens.
const maxTextTokens = 200

func (s *Store) incidentArgs(inc *haki.Incident, sl sealer) []any {
	var lat, lon any
	if inc.Latitude != nil && inc.Longitude != nil {
		lat, lon = *inc.Latitude, *inc.Longitude
	}
	tokens := strings.Join(s.index.TextTokens(maxTextTokens, inc.Title, inc.Narrative), " ")
	return []any{sl.seal("title", inc.Title), inc.Occurred.ISO(), inc.Occurred.Year(), inc.Occurred.Month(), precisionOf(inc.Occurred),
		boolInt(inc.Occurred.Approx), inc.CountyCode, nullString(inc.SubCountyCode), inc.PlaceName, lat, lon, inc.Context,
		sl.seal("narrative", inc.Narrative), inc.Verification, boolInt(inc.Publishable), tokens, inc.Occurred.Bound()}
}

// incidentKey returns an incident's data key id and key; acts,
// involvements and sources of the incident are sealed with it too.
func (tx *Tx) incidentKey(id string) (string, []byte, error) {
	var keyID sql.NullString
	if err := tx.queryRow(`SELECT key_id FROM incidents WHERE id = ?`, id).Scan(&keyID); err != nil {
		return "", nil, tx.mapErr(err, "incident")
	}
	if !keyID.Valid {
		return "", nil, haki.Errorf(haki.ECONFLICT, "This incident has no data key.")
	}
	key, err := tx.dataKey(keyID.String)
	return keyID.String, key, err
}

// auditIncident appends an audit entry for a record of an incident (the
// incident itself, an act, an involvement, a source), its before and after
// sealed with the incident's key.
func (tx *Tx) auditIncident(incidentID, action, entity, id string, before, after any) error {
	keyID, key, err := tx.incidentKey(incidentID)
	if err != nil {
		return err
	}
	b, err := sealAudit(keyID, key, before)
	if err != nil {
		return err
	}
	a, err := sealAudit(keyID, key, after)
	if err != nil {
		return err
	}
	return tx.audit(action, entity, id, b, a)
}

func (tx *Tx) checkIncident(inc *haki.Incident, before *haki.Incident) error {
	pr := haki.Problems{}
	inc.Normalize()
	if err := tx.checkVerifyDuty(inc, before); err != nil {
		return err
	}
	if err := inc.Validate(tx.now); err != nil {
		for k, v := range haki.ErrorFields(err) {
			pr.Add(k, v)
		}
	}
	var old haki.Incident
	if before != nil {
		old = *before
	}
	for _, t := range inc.Types {
		if err := tx.checkTerm(pr, "types", "incident_type", t, old.Types...); err != nil {
			return err
		}
	}
	for _, c := range []struct{ field, vocab, code, keep string }{
		{"context", "context", inc.Context, old.Context},
		{"verification", "verification", inc.Verification, old.Verification},
	} {
		if err := tx.checkTerm(pr, c.field, c.vocab, c.code, c.keep); err != nil {
			return err
		}
	}
	if err := tx.checkPlace(pr, "county_code", inc.CountyCode, 1, ""); err != nil {
		return err
	}
	if err := tx.checkPlace(pr, "subcounty_code", inc.SubCountyCode, 2, inc.CountyCode); err != nil {
		return err
	}
	if err := tx.checkInside(pr, inc.CountyCode, inc.Latitude, inc.Longitude); err != nil {
		return err
	}
	return pr.Err()
}

// verifyDutyMessage is the refusal of a verification or publication by a
// caller who may not verify.
const verifyDutyMessage = "Only a data manager or administrator can verify or publish an incident."

// checkVerifyDuty keeps verification and publication apart from recording
// (separation of duties): a caller without PermVerify may neither create
// an incident verified or publishable nor change whether it is verified or
// publishable, in the API, the web forms or an intake alike. They may still
// move it between the other statuses (unverified, being verified,
// disputed).
func (tx *Tx) checkVerifyDuty(inc, before *haki.Incident) error {
	if tx.user.Can(haki.PermVerify) {
		return nil
	}
	var wasVerified, wasPublishable bool
	if before != nil {
		wasVerified, wasPublishable = before.Verification == "verified", before.Publishable
	}
	if (inc.Verification == "verified") != wasVerified || inc.Publishable != wasPublishable {
		return haki.Errorf(haki.EFORBIDDEN, verifyDutyMessage)
	}
	return nil
}

// CreateIncident records an incident with its types.
func (s *Store) CreateIncident(ctx context.Context, inc *haki.Incident) error {
	if err := require(haki.UserFromContext(ctx), haki.PermIncidentWrite); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error { return tx.createIncident(inc) })
}

// createIncident records an incident in the transaction.
func (tx *Tx) createIncident(inc *haki.Incident) error {
	inc.OverrideReason = "" // a new incident has no victims yet: nothing to override
	inc.VictimCount = 0
	if err := tx.checkIncident(inc, nil); err != nil {
		return err
	}
	ref, err := tx.nextRef("INC")
	if err != nil {
		return err
	}
	if _, err := tx.insertIncident(inc, ref); err != nil {
		return err
	}
	return tx.auditIncident(inc.ID, "create", "incident", inc.ID, nil, inc)
}

// insertIncident writes a checked new incident with its types and a new
// data key, under ref, and returns the key; it audits nothing
// (createIncident and a batch do). inc.VictimCount is the number of
// victims its acts will have: 0 for a form, which adds them one by one.
func (tx *Tx) insertIncident(inc *haki.Incident, ref string) ([]byte, error) {
	keyID, key, err := tx.newDataKey()
	if err != nil {
		return nil, err
	}
	inc.ID, inc.Ref, inc.CreatedBy, inc.CreatedAt, inc.UpdatedAt, inc.Version = newID(), ref, tx.userID(), tx.now, tx.now, 1
	args := append([]any{inc.ID, inc.Ref}, tx.s.incidentArgs(inc, sealer{key, "incident", inc.ID})...)
	args = append(args, inc.VictimCount, nullString(inc.CreatedBy), fmtTime(tx.now), fmtTime(tx.now), keyID)
	tx.touchNewIncident(inc.ID)
	if _, err := tx.exec(`INSERT INTO incidents (id, ref, `+incidentWritable+`, victim_count, created_by, created_at, updated_at, key_id, version)
		VALUES (`+placeholders(len(args))+`, 1)`, args...); err != nil {
		return nil, tx.mapErr(err, "incident")
	}
	return key, tx.insertIncidentTypes(inc.ID, inc.Types)
}

func (tx *Tx) setIncidentTypes(id string, types []string) error {
	if err := tx.touchIncidents(id); err != nil {
		return err
	}
	if _, err := tx.exec(`DELETE FROM incident_types WHERE incident_id = ?`, id); err != nil {
		return err
	}
	return tx.insertIncidentTypes(id, types)
}

// insertIncidentTypes adds the types of an incident that has none.
func (tx *Tx) insertIncidentTypes(id string, types []string) error {
	seen := map[string]bool{}
	for _, t := range types {
		if seen[t] {
			continue
		}
		seen[t] = true
		if _, err := tx.exec(`INSERT INTO incident_types (incident_id, type_code) VALUES (?, ?)`, id, t); err != nil {
			return err
		}
	}
	return nil
}

// FindIncidentByID returns an incident the caller may see, with identifying
// text removed for roles that may not see identities.
func (s *Store) FindIncidentByID(ctx context.Context, id string) (*haki.Incident, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermIncidentRead, "incident"); err != nil {
		return nil, err
	}
	var inc *haki.Incident
	err := s.read(ctx, func(tx *Tx) (err error) {
		inc, err = tx.findIncident(id)
		return err
	})
	return inc, err
}

func (tx *Tx) findIncident(id string) (*haki.Incident, error) {
	cond, args := visibleIncidents("i", tx.user)
	inc, err := tx.scanIncident(tx.queryRow(`SELECT `+incidentColumns+` FROM `+incidentFrom+` WHERE i.id = ? AND `+cond, append([]any{id}, args...)...),
		tx.user.Role.SeesIdentities())
	if err != nil {
		return nil, tx.notFoundOrMerged(haki.DuplicateIncident, id, tx.mapErr(err, "incident"))
	}
	if err := tx.loadTypes([]*haki.Incident{inc}); err != nil {
		return nil, err
	}
	return inc, nil
}

// loadTypes fills in the types of a page of incidents with one query.
func (tx *Tx) loadTypes(incs []*haki.Incident) error {
	if len(incs) == 0 {
		return nil
	}
	byID := make(map[string]*haki.Incident, len(incs))
	for _, inc := range incs {
		byID[inc.ID] = inc
	}
	return pairsIn(tx, `SELECT t.incident_id, t.type_code FROM incident_types t JOIN terms v ON v.vocab = 'incident_type' AND v.code = t.type_code
		WHERE t.incident_id IN (?) ORDER BY v.sort`, byID, func(id, code string) { byID[id].Types = append(byID[id].Types, code) })
}

// pairsIn runs q, which selects (record id, value) pairs and has one
// "IN (?)" standing for the ids of byID, followed by the arguments more,
// and hands each pair to add in the order q gives them: one query for a
// page of records, not one per record.
func pairsIn[T any](tx *Tx, q string, byID map[string]T, add func(id, value string), more ...any) error {
	if len(byID) == 0 {
		return nil
	}
	args := make([]any, 0, len(byID)+len(more))
	for id := range byID {
		args = append(args, id)
	}
	args = append(args, more...)
	return scanRows(tx, strings.Replace(q, "IN (?)", "IN ("+placeholders(len(byID))+")", 1), args, func(rows *sql.Rows) error {
		var id, v string
		if err := rows.Scan(&id, &v); err != nil {
			return err
		}
		add(id, v)
		return nil
	})
}

// FindIncidents lists the incidents the caller may see, newest first, a
// page at a time, with the cursor of the next page ("" on the last).
func (s *Store) FindIncidents(ctx context.Context, f haki.IncidentFilter) ([]*haki.Incident, string, error) {
	u := haki.UserFromContext(ctx)
	if err := require(u, haki.PermIncidentRead); err != nil {
		return nil, "", err
	}
	where, args, err := s.incidentWhere(u, f)
	if err != nil {
		return nil, "", err
	}
	limit := clampLimit(f.Limit)
	var out []*haki.Incident
	err = s.read(ctx, func(tx *Tx) error {
		where, args := where, args
		if few, err := tx.fewAssignedIncidents(u); err != nil {
			return err
		} else if few {
			cond, cargs := assignedIncidents("i", u)
			where, args = cond+" AND "+where, append(cargs, args...)
		}
		var err error
		out, err = tx.newestIncidents(where, args, limit+1, u.Role.SeesIdentities())
		return err
	})
	if err != nil {
		return nil, "", err
	}
	var next string
	if len(out) > limit {
		last := out[limit-1]
		out, next = out[:limit], encodeCursor(last.Occurred.ISO(), last.ID)
	}
	return out, next, nil
}

// incidentWordMatch is the condition for one word of an incident search.
// A search matches only the fields the caller's role is shown (scanIncident
// and Incident.Redact): everyone the reference; those who may see
// identities also the place name and, by its blind-index token, a word of
// the title or narrative. Matching a field the caller is not shown would
// let them recover it letter by letter.
func (s *Store) incidentWordMatch(u *haki.User, w string) (string, []any) {
	cond, args := "i.ref = ?", []any{strings.ToUpper(w)}
	if !u.Role.SeesIdentities() {
		return cond, args
	}
	cond, args = cond+" OR "+s.d.ilike("i.place_name"), append(args, likePattern(w))
	if toks := s.index.TextQuery(w); len(toks) == 1 {
		cond, args = cond+" OR i.search_tokens LIKE ?", append(args, "%"+toks[0]+"%")
	}
	return "(" + cond + ")", args
}

func (s *Store) incidentWhere(u *haki.User, f haki.IncidentFilter) (string, []any, error) {
	cond, args := visibleIncidents("i", u)
	where := []string{cond}
	add := func(c string, v ...any) { where = append(where, c); args = append(args, v...) }
	if f.CountyCode != "" {
		add("i.county_code = ?", f.CountyCode)
	}
	if f.Year != 0 {
		add("i.occurred_year = ?", f.Year)
	}
	if f.Month != 0 {
		add("i.occurred_month = ?", f.Month)
		if f.Year != 0 && f.Month >= 1 && f.Month <= 12 {
			// Implied by the year and month, and answered from an index:
			// without it a count of a month read every incident of the year.
			first := time.Date(f.Year, time.Month(f.Month), 1, 0, 0, 0, 0, time.UTC)
			add("i.occurred_on >= ? AND i.occurred_on < ?", fmtDate(first), fmtDate(first.AddDate(0, 1, 0)))
		}
	}
	if f.Verification != "" {
		add("i.verification = ?", f.Verification)
	}
	if f.Type != "" {
		add("EXISTS (SELECT 1 FROM incident_types ft WHERE ft.incident_id = i.id AND ft.type_code = ?)", f.Type)
	}
	if f.Report != "" { // drill-down from a report's figure (report_drill.go)
		cond, cargs, err := reportDrill(f)
		if err != nil {
			return "", nil, err
		}
		add(cond, cargs...)
	}
	for n, w := range strings.Fields(f.Text) {
		if n == 8 {
			break
		}
		cond, cargs := s.incidentWordMatch(u, w)
		add(cond, cargs...)
	}
	if f.Cursor != "" {
		key, id, err := decodeCursor(f.Cursor)
		if err != nil {
			return "", nil, err
		}
		add("(i.occurred_on < ? OR (i.occurred_on = ? AND i.id < ?))", key, key, id)
	}
	return strings.Join(where, " AND "), args, nil
}

// UpdateIncident replaces an incident's fields and types; inc.Version must
// be the version the caller read.
func (s *Store) UpdateIncident(ctx context.Context, inc *haki.Incident) error {
	if err := require(haki.UserFromContext(ctx), haki.PermIncidentWrite); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		before, err := tx.findIncident(inc.ID)
		if err != nil {
			return err
		}
		if err := tx.checkIncident(inc, before); err != nil {
			return err
		}
		if inc.Publishable && !before.Publishable {
			if err := tx.checkPublication(inc.ID, inc.OverrideReason); err != nil {
				return err
			}
		}
		inc.OverrideReason = ""
		if _, err := tx.updateIncidentRow(inc); err != nil {
			return err
		}
		inc.Ref, inc.CreatedBy, inc.CreatedAt, inc.UpdatedAt = before.Ref, before.CreatedBy, before.CreatedAt, tx.now
		inc.Version, inc.VictimCount = before.Version+1, before.VictimCount
		return tx.auditIncident(inc.ID, "update", "incident", inc.ID, before, inc)
	})
}

// updateIncidentRow writes a checked incident's fields and types over
// version inc.Version, and returns its key; it audits nothing.
func (tx *Tx) updateIncidentRow(inc *haki.Incident) ([]byte, error) {
	_, key, err := tx.incidentKey(inc.ID)
	if err != nil {
		return nil, err
	}
	args := append(tx.s.incidentArgs(inc, sealer{key, "incident", inc.ID}), fmtTime(tx.now), inc.ID, inc.Version)
	if err := tx.touchIncidents(inc.ID); err != nil {
		return nil, err
	}
	if err := tx.execOne("incident", `UPDATE incidents SET (`+incidentWritable+`, updated_at, version) =
		(`+placeholders(len(args)-2)+`, version + 1) WHERE id = ? AND version = ?`, args...); err != nil {
		return nil, err
	}
	return key, tx.setIncidentTypes(inc.ID, inc.Types)
}

// DeleteIncident removes an incident with its acts, involvements and
// sources. Its persons stay.
func (s *Store) DeleteIncident(ctx context.Context, id string) error {
	if err := require(haki.UserFromContext(ctx), haki.PermIncidentDelete); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		before, err := tx.findIncident(id)
		if err != nil {
			return err
		}
		if err := tx.auditIncident(id, "delete", "incident", id, before, nil); err != nil {
			return err
		}
		if err := tx.touchIncidents(id); err != nil {
			return err
		}
		if _, err := tx.exec(`DELETE FROM incidents WHERE id = ?`, id); err != nil {
			return tx.mapErr(err, "incident")
		}
		return nil
	})
}

// CountIncidents counts the incidents the caller may see that match f, for
// dashboards. Cursor is ignored.
func (s *Store) CountIncidents(ctx context.Context, f haki.IncidentFilter) (int, error) {
	u := haki.UserFromContext(ctx)
	if err := require(u, haki.PermDashboard); err != nil {
		return 0, err
	}
	f.Cursor = ""
	// Aggregates include every record (SPEC: sensitive cases still count),
	// so counting uses an unrestricted view for roles that see figures.
	where, args, err := s.incidentWhere(haki.SystemUser, f)
	if err != nil {
		return 0, err
	}
	var n int
	err = s.read(ctx, func(tx *Tx) error {
		return tx.queryRow(`SELECT COUNT(*) FROM incidents i WHERE `+where, args...).Scan(&n)
	})
	return n, err
}

// IncidentYears returns the years that have incidents, newest first, for filters.
func (s *Store) IncidentYears(ctx context.Context) ([]int, error) {
	if err := require(haki.UserFromContext(ctx), haki.PermDashboard); err != nil {
		return nil, err
	}
	return s.distinctYears(ctx, `SELECT DISTINCT occurred_year FROM incidents WHERE occurred_on <> '' ORDER BY occurred_year DESC`)
}

// distinctYears reads the years q selects, in its order.
func (s *Store) distinctYears(ctx context.Context, q string, args ...any) ([]int, error) {
	var years []int
	err := s.read(ctx, func(tx *Tx) error {
		return scanRows(tx, q, args, func(rows *sql.Rows) error {
			var y int
			err := rows.Scan(&y)
			years = append(years, y)
			return err
		})
	})
	return years, err
}
