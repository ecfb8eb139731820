package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/haki-kenya/haki"
)

// A merge folds one person or incident (the merged record) into another
// (the survivor) in one transaction. Everything that pointed at the merged
// record is moved to the survivor, and each row moved is noted in
// merge_moves; the survivor takes the chosen fields, its values before are
// kept sealed with its own key in merges; the merged record stays, with
// merged_into set, as a tombstone that every list, read and report leaves
// out (visiblePersons, visibleIncidents, the report scopes) and whose reads
// say where it went. Nothing is deleted, so the audit history of both
// records stays where it was. An undo moves exactly the noted rows back
// and restores the survivor's values; it is refused when the survivor has
// changed since (its version moved on: an edit, or a later merge into or
// of it), because restoring the values from before would silently undo
// that change too.

// moveSpec names a column a merge re-points, and the column that names
// each row moved.
type moveSpec struct{ table, key, column string }

var moveSpecs = map[string]moveSpec{
	"person.acts":                {"acts", "id", "victim_id"},
	"person.sources":             {"sources", "id", "person_id"},
	"person.cases":               {"cases", "id", "client_id"},
	"person.consents":            {"consents", "id", "person_id"},
	"person.event_participants":  {"event_participants", "id", "person_id"},
	"person.publication_victims": {"publication_victims", "incident_id", "person_id"},
	"incident.acts":              {"acts", "id", "incident_id"},
	"incident.victim_groups":     {"victim_groups", "id", "incident_id"},
	"incident.sources":           {"sources", "id", "incident_id"},
	"incident.evidence":          {"evidence", "id", "incident_id"},
	"incident.public_reports":    {"public_reports", "id", "incident_id"},
	"incident.case_incidents":    {"case_incidents", "case_id", "incident_id"},
}

// moveOrder is the order moves are made and undone in.
var moveOrder = []string{"person.acts", "person.sources", "person.cases", "person.consents", "person.event_participants",
	"person.publication_victims", "incident.acts", "incident.victim_groups", "incident.sources", "incident.evidence", "incident.public_reports", "incident.case_incidents"}

// movesOf returns the moves of a kind of merge, in order.
func movesOf(kind string) []string {
	var out []string
	for _, name := range moveOrder {
		if strings.HasPrefix(name, kind+".") {
			out = append(out, name)
		}
	}
	return out
}

// moveRows re-points the rows of spec name from one record to another,
// except those whose key the target already has (a row the primary key
// would refuse: the same case linked to both incidents), notes each, and
// returns the keys moved.
func (tx *Tx) moveRows(mergeID, name, from, to string) ([]string, error) {
	sp := moveSpecs[name]
	keys, err := tx.strings(`SELECT `+sp.key+` FROM `+sp.table+` WHERE `+sp.column+` = ? AND `+sp.key+` NOT IN
		(SELECT `+sp.key+` FROM `+sp.table+` WHERE `+sp.column+` = ?) ORDER BY `+sp.key, from, to)
	if err != nil {
		return nil, err
	}
	for _, k := range keys {
		if _, err := tx.exec(`UPDATE `+sp.table+` SET `+sp.column+` = ? WHERE `+sp.column+` = ? AND `+sp.key+` = ?`, to, from, k); err != nil {
			return nil, err
		}
		if _, err := tx.exec(`INSERT INTO merge_moves (merge_id, tbl, row_id) VALUES (?, ?, ?)`, mergeID, name, k); err != nil {
			return nil, err
		}
	}
	return keys, nil
}

// moveBack moves the rows a merge moved back to the merged record, those
// still on the survivor; it returns the keys moved back, by spec name.
func (tx *Tx) moveBack(m *haki.Merge) (map[string][]string, error) {
	out := map[string][]string{}
	for _, name := range movesOf(m.Kind) {
		sp := moveSpecs[name]
		keys, err := tx.strings(`SELECT row_id FROM merge_moves WHERE merge_id = ? AND tbl = ? ORDER BY row_id`, m.ID, name)
		if err != nil {
			return nil, err
		}
		for _, k := range keys {
			res, err := tx.exec(`UPDATE `+sp.table+` SET `+sp.column+` = ? WHERE `+sp.column+` = ? AND `+sp.key+` = ?`, m.MergedID, m.SurvivorID, k)
			if err != nil {
				return nil, err
			}
			if n, _ := res.RowsAffected(); n == 1 {
				out[name] = append(out[name], k)
			}
		}
	}
	return out, nil
}

// beginMerge records a merge with the survivor's values before it (the
// record as read), sealed with the survivor's key for the undo.
func (tx *Tx) beginMerge(m *haki.Merge, keyID string, key []byte, survivor any) error {
	before, err := sealAudit(keyID, key, survivor)
	if err != nil {
		return err
	}
	m.ID, m.MergedBy, m.MergedAt = newID(), tx.userID(), tx.now
	_, err = tx.exec(`INSERT INTO merges (id, kind, survivor_id, merged_id, survivor_before, fields, survivor_version, merged_by, merged_at)
		VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)`, m.ID, m.Kind, m.SurvivorID, m.MergedID, string(before), strings.Join(m.Fields, ","),
		nullString(m.MergedBy), fmtTime(tx.now))
	return err
}

// moveAll moves the rows of every move of the merge's kind from the merged
// record to the survivor, counts them in m.Moved, and returns the keys
// moved by move name.
func (tx *Tx) moveAll(m *haki.Merge, from, to string) (map[string][]string, error) {
	moved := map[string][]string{}
	for _, name := range movesOf(m.Kind) {
		keys, err := tx.moveRows(m.ID, name, from, to)
		if err != nil {
			return nil, err
		}
		if len(keys) > 0 {
			moved[name] = keys
			m.Moved[name[len(m.Kind)+1:]] = len(keys)
		}
	}
	return moved, nil
}

// finishMerge notes the survivor's version after the merge, and audits it
// on both records, by ids and field names only.
func (tx *Tx) finishMerge(m *haki.Merge, version int) error {
	if _, err := tx.exec(`UPDATE merges SET survivor_version = ? WHERE id = ?`, version, m.ID); err != nil {
		return err
	}
	detail := map[string]any{"merge_id": m.ID, "merged_id": m.MergedID, "fields": m.Fields, "moved": m.Moved}
	if err := tx.audit("merge", m.Kind, m.SurvivorID, nil, detail); err != nil {
		return err
	}
	return tx.audit("merge", m.Kind, m.MergedID, nil, map[string]any{"merge_id": m.ID, "merged_into": m.SurvivorID})
}

// Merge merges one person or incident into another (see above) and
// returns the merge as recorded.
func (s *Store) Merge(ctx context.Context, req haki.MergeRequest) (*haki.Merge, error) {
	if err := require(haki.UserFromContext(ctx), haki.PermDuplicates); err != nil {
		return nil, err
	}
	if err := req.Validate(); err != nil {
		return nil, err
	}
	var id string
	err := s.write(ctx, func(tx *Tx) error {
		m := &haki.Merge{Kind: req.Kind, SurvivorID: req.SurvivorID, MergedID: req.MergedID, Fields: req.Take, Moved: map[string]int{}}
		var err error
		if req.Kind == haki.DuplicatePerson {
			err = tx.mergePersons(m, req)
		} else {
			err = tx.mergeIncidents(m, req)
		}
		id = m.ID
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.FindMerge(ctx, id)
}

// versionConflict is the refusal when a record changed since the caller
// compared it.
func versionConflict(ref string) error {
	return haki.Errorf(haki.ECONFLICT, "%s was changed since you compared the two records; compare them again.", ref)
}

const mergeColumns = `m.id, m.kind, m.survivor_id, m.merged_id, m.fields, COALESCE(m.merged_by, ''), m.merged_at, COALESCE(m.undone_by, ''), m.undone_at,
	m.survivor_before, m.survivor_version`

// FindMerge returns a merge, with what it moved, if the caller may see
// the survivor (or, once undone, both records).
func (s *Store) FindMerge(ctx context.Context, id string) (*haki.Merge, error) {
	if err := require(haki.UserFromContext(ctx), haki.PermDuplicates); err != nil {
		return nil, err
	}
	var m *haki.Merge
	err := s.read(ctx, func(tx *Tx) (err error) {
		m, _, _, err = tx.findMerge(id)
		return err
	})
	return m, err
}

// findMerge reads a merge with the survivor's sealed values before it and
// its version after.
func (tx *Tx) findMerge(id string) (*haki.Merge, string, int, error) {
	m := &haki.Merge{Moved: map[string]int{}}
	var fields, at, undoneAt, before string
	var version int
	err := tx.queryRow(`SELECT `+mergeColumns+` FROM merges m WHERE m.id = ?`, id).Scan(&m.ID, &m.Kind, &m.SurvivorID, &m.MergedID,
		&fields, &m.MergedBy, &at, &m.UndoneBy, &undoneAt, &before, &version)
	if err != nil {
		return nil, "", 0, tx.mapErr(err, "merge")
	}
	if fields != "" {
		m.Fields = strings.Split(fields, ",")
	}
	m.MergedAt = parseTime(at)
	if undoneAt != "" {
		t := parseTime(undoneAt)
		m.UndoneAt = &t
	}
	table, access := "persons", personAccess
	if m.Kind == haki.DuplicateIncident {
		table, access = "incidents", incidentAccess
	}
	for _, r := range []struct {
		id  string
		ref *string
	}{{m.SurvivorID, &m.SurvivorRef}, {m.MergedID, &m.MergedRef}} {
		cond, args := access("x", tx.user)
		if err := tx.queryRow(`SELECT x.ref FROM `+table+` x WHERE x.id = ? AND `+cond, append([]any{r.id}, args...)...).Scan(r.ref); err != nil {
			return nil, "", 0, tx.mapErr(err, "merge")
		}
	}
	err = scanRows(tx, `SELECT tbl, COUNT(*) FROM merge_moves WHERE merge_id = ? GROUP BY tbl`, []any{m.ID}, func(rows *sql.Rows) error {
		var name string
		var n int
		if err := rows.Scan(&name, &n); err != nil {
			return err
		}
		m.Moved[strings.TrimPrefix(name, m.Kind+".")] = n
		return nil
	})
	return m, before, version, err
}

// FindMerges lists the latest merges, newest first.
func (s *Store) FindMerges(ctx context.Context, limit int) ([]*haki.Merge, error) {
	if err := require(haki.UserFromContext(ctx), haki.PermDuplicates); err != nil {
		return nil, err
	}
	var out []*haki.Merge
	err := s.read(ctx, func(tx *Tx) error {
		ids, err := tx.strings(`SELECT id FROM merges ORDER BY merged_at DESC, id DESC LIMIT ?`, clampLimit(limit))
		if err != nil {
			return err
		}
		for _, id := range ids {
			m, _, _, err := tx.findMerge(id)
			if haki.ErrorCode(err) == haki.ENOTFOUND {
				continue
			} else if err != nil {
				return err
			}
			out = append(out, m)
		}
		return nil
	})
	return out, err
}

// UndoMerge undoes a merge: the rows it moved go back to the merged
// record, which is a record again; the survivor's values are restored from
// before the merge. Refused when the survivor changed since (see above).
func (s *Store) UndoMerge(ctx context.Context, id string) (*haki.Merge, error) {
	if err := require(haki.UserFromContext(ctx), haki.PermDuplicates); err != nil {
		return nil, err
	}
	err := s.write(ctx, func(tx *Tx) error {
		m, before, version, err := tx.findMerge(id)
		if err != nil {
			return err
		}
		if m.UndoneAt != nil {
			return haki.Errorf(haki.ECONFLICT, "This merge was undone already.")
		}
		table := "persons"
		if m.Kind == haki.DuplicateIncident {
			table = "incidents"
		}
		var current int
		var into sql.NullString
		if err := tx.queryRow(`SELECT version FROM `+table+` WHERE id = ?`, m.SurvivorID).Scan(&current); err != nil {
			return tx.mapErr(err, m.Kind)
		}
		if err := tx.queryRow(`SELECT merged_into FROM `+table+` WHERE id = ?`, m.MergedID).Scan(&into); err != nil {
			return tx.mapErr(err, m.Kind)
		}
		if current != version || into.String != m.SurvivorID {
			return haki.Errorf(haki.ECONFLICT, "%s was changed after this merge (edited, or merged again), so undoing it would also undo that change. "+
				"Undo the later merge first, or correct the records by hand.", m.SurvivorRef)
		}
		var plain string
		if plain, err = tx.openAuditValue(before); err != nil {
			return err
		}
		if m.Kind == haki.DuplicatePerson {
			err = tx.unmergePersons(m, plain)
		} else {
			err = tx.unmergeIncidents(m, plain)
		}
		if err != nil {
			return err
		}
		if _, err := tx.exec(`UPDATE merges SET undone_by = ?, undone_at = ? WHERE id = ?`, nullString(tx.userID()), fmtTime(tx.now), m.ID); err != nil {
			return err
		}
		if err := tx.audit("merge_undo", m.Kind, m.SurvivorID, nil, map[string]any{"merge_id": m.ID, "merged_id": m.MergedID}); err != nil {
			return err
		}
		return tx.audit("merge_undo", m.Kind, m.MergedID, nil, map[string]any{"merge_id": m.ID})
	})
	if err != nil {
		return nil, err
	}
	return s.FindMerge(ctx, id)
}

// MergedInto returns the id of the record a merged person or incident now
// lives in (following later merges), when the caller may see it; not found
// otherwise. Pages use it to send a reader of a tombstone on.
func (s *Store) MergedInto(ctx context.Context, kind, id string) (string, error) {
	u := haki.UserFromContext(ctx)
	perm := haki.PermPersonRead
	if kind == haki.DuplicateIncident {
		perm = haki.PermIncidentRead
	}
	if err := require(u, perm); err != nil {
		return "", err
	}
	var out string
	err := s.read(ctx, func(tx *Tx) (err error) {
		out, _, err = tx.mergedInto(kind, id)
		return err
	})
	return out, err
}

// mergedInto follows a tombstone to the live record it was merged into,
// returning its id and reference if the caller may see it.
func (tx *Tx) mergedInto(kind, id string) (string, string, error) {
	table, visible := "persons", visiblePersons
	if kind == haki.DuplicateIncident {
		table, visible = "incidents", visibleIncidents
	}
	for hop := 0; hop < 16; hop++ {
		var into sql.NullString
		if err := tx.queryRow(`SELECT merged_into FROM `+table+` WHERE id = ?`, id).Scan(&into); err != nil || !into.Valid {
			return "", "", haki.Errorf(haki.ENOTFOUND, "No such %s.", kind)
		}
		id = into.String
		cond, args := visible("x", tx.user)
		var ref string
		err := tx.queryRow(`SELECT x.ref FROM `+table+` x WHERE x.id = ? AND `+cond, append([]any{id}, args...)...).Scan(&ref)
		if err == nil {
			return id, ref, nil
		}
		if err != sql.ErrNoRows {
			return "", "", err
		}
	}
	return "", "", haki.Errorf(haki.ENOTFOUND, "No such %s.", kind)
}

// notFoundOrMerged is the answer to a read of a record the caller cannot
// see: not found, or, for a tombstone whose survivor the caller may see,
// not found with where it went.
func (tx *Tx) notFoundOrMerged(kind, id string, err error) error {
	if haki.ErrorCode(err) != haki.ENOTFOUND {
		return err
	}
	if _, ref, merr := tx.mergedInto(kind, id); merr == nil {
		return haki.Errorf(haki.ENOTFOUND, "This %s was merged into %s.", kind, ref)
	}
	return err
}
