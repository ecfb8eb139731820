package store

import (
	"database/sql"
	"encoding/json"
	"slices"

	"github.com/haki-kenya/haki"
)

// mergeIncidents merges req.MergedID into req.SurvivorID (see merge.go):
// the acts (with their involvements and outcomes), sources, evidence,
// public reports and case links of the merged incident move to the
// survivor, which takes the chosen fields and the types of both. What an
// incident's key seals in its acts and sources is sealed again with the
// survivor's key as it moves.
func (tx *Tx) mergeIncidents(m *haki.Merge, req haki.MergeRequest) error {
	survivor, err := tx.findIncident(req.SurvivorID)
	if err != nil {
		return err
	}
	merged, err := tx.findIncident(req.MergedID)
	if err != nil {
		return err
	}
	if err := mergeReady(req, survivor.Redacted || merged.Redacted, survivor.Ref, survivor.Version, merged.Ref, merged.Version); err != nil {
		return err
	}
	keyID, key, err := tx.incidentKey(survivor.ID)
	if err != nil {
		return err
	}
	_, mergedKey, err := tx.incidentKey(merged.ID)
	if err != nil {
		return err
	}
	if err := tx.beginMerge(m, keyID, key, survivor); err != nil {
		return err
	}
	if err := tx.touchIncidents(survivor.ID, merged.ID); err != nil {
		return err
	}
	moved, err := tx.moveAll(m, merged.ID, survivor.ID)
	if err != nil {
		return err
	}
	if err := tx.resealParts(moved["incident.acts"], moved["incident.sources"], moved["incident.victim_groups"], mergedKey, key); err != nil {
		return err
	}
	after := haki.MergedIncident(survivor, merged, req.Take)
	for _, t := range after.Types {
		if !slices.Contains(survivor.Types, t) {
			if _, err := tx.exec(`INSERT INTO merge_moves (merge_id, tbl, row_id) VALUES (?, ?, ?)`, m.ID, "incident.types", t); err != nil {
				return err
			}
		}
	}
	if err := tx.writeIncident(after, survivor, key); err != nil {
		return err
	}
	if _, err := tx.exec(`UPDATE incidents SET merged_into = ?, updated_at = ?, version = version + 1 WHERE id = ?`,
		survivor.ID, fmtTime(tx.now), merged.ID); err != nil {
		return err
	}
	for _, id := range []string{survivor.ID, merged.ID} {
		if err := tx.recountVictims(id); err != nil {
			return err
		}
	}
	return tx.finishMerge(m, after.Version)
}

// writeIncident stores inc's fields and types over its row, checked as an
// update of before, and sets inc.Version to the new version.
func (tx *Tx) writeIncident(inc, before *haki.Incident, key []byte) error {
	if err := tx.checkIncident(inc, before); err != nil {
		return err
	}
	if err := tx.touchIncidents(inc.ID); err != nil {
		return err
	}
	args := append(tx.s.incidentArgs(inc, sealer{key, "incident", inc.ID}), fmtTime(tx.now), inc.ID)
	if err := tx.execOne("incident", `UPDATE incidents SET (`+incidentWritable+`, updated_at, version) =
		(`+placeholders(len(args)-1)+`, version + 1) WHERE id = ?`, args...); err != nil {
		return err
	}
	if err := tx.setIncidentTypes(inc.ID, inc.Types); err != nil {
		return err
	}
	return tx.queryRow(`SELECT version FROM incidents WHERE id = ?`, inc.ID).Scan(&inc.Version)
}

// resealParts seals again, with key to, what key from sealed in the acts
// (their notes, involvements and outcomes), sources and groups of unnamed
// victims (their description) given.
func (tx *Tx) resealParts(acts, sources, groups []string, from, to []byte) error {
	type part struct {
		table, kind string
		fields      []string
		where       string
		ids         []string
	}
	parts := []part{
		{"acts", "act", []string{"notes"}, "id", acts},
		{"involvements", "involvement", []string{"officer_name", "officer_service_number", "notes"}, "act_id", acts},
		{"involvement_outcomes", "involvement_outcome", []string{"source_ref", "notes"},
			"involvement_id IN (SELECT v.id FROM involvements v WHERE v.act_id", acts},
		{"sources", "source", []string{"description"}, "id", sources},
		{"victim_groups", "victim_group", []string{"description"}, "id", groups},
	}
	for _, p := range parts {
		for batch := range slices.Chunk(p.ids, 500) {
			cond := p.where + ` IN (` + placeholders(len(batch)) + `)`
			if p.table == "involvement_outcomes" {
				cond += ")"
			}
			if err := tx.resealRows(p.table, p.kind, p.fields, cond, anySlice(batch), from, to); err != nil {
				return err
			}
		}
	}
	return nil
}

// resealRows opens fields of the rows of table matching cond with key from
// and seals them with key to.
func (tx *Tx) resealRows(table, kind string, fields []string, cond string, args []any, from, to []byte) error {
	type row struct {
		id     string
		values []string
	}
	var rows []row
	cols := "id"
	for _, f := range fields {
		cols += ", " + f
	}
	err := scanRows(tx, `SELECT `+cols+` FROM `+table+` WHERE `+cond, args, func(rs *sql.Rows) error {
		r := row{values: make([]string, len(fields))}
		dst := []any{&r.id}
		for i := range r.values {
			dst = append(dst, &r.values[i])
		}
		if err := rs.Scan(dst...); err != nil {
			return err
		}
		rows = append(rows, r)
		return nil
	})
	if err != nil {
		return err
	}
	for _, r := range rows {
		args := []any{}
		set := ""
		for i, f := range fields {
			plain, err := (sealer{from, kind, r.id}).open(f, r.values[i])
			if err != nil {
				return err
			}
			if i > 0 {
				set += ", "
			}
			set += f + " = ?"
			args = append(args, (sealer{to, kind, r.id}).seal(f, plain))
		}
		if _, err := tx.exec(`UPDATE `+table+` SET `+set+` WHERE id = ?`, append(args, r.id)...); err != nil {
			return err
		}
	}
	return nil
}

// unmergeIncidents undoes an incident merge whose undo was checked.
func (tx *Tx) unmergeIncidents(m *haki.Merge, plain string) error {
	var before haki.Incident
	if err := json.Unmarshal([]byte(plain), &before); err != nil {
		return err
	}
	if err := tx.touchIncidents(m.SurvivorID, m.MergedID); err != nil {
		return err
	}
	back, err := tx.moveBack(m)
	if err != nil {
		return err
	}
	_, key, err := tx.incidentKey(m.SurvivorID)
	if err != nil {
		return err
	}
	_, mergedKey, err := tx.incidentKey(m.MergedID)
	if err != nil {
		return err
	}
	if err := tx.resealParts(back["incident.acts"], back["incident.sources"], back["incident.victim_groups"], key, mergedKey); err != nil {
		return err
	}
	if _, err := tx.exec(`UPDATE incidents SET merged_into = NULL, updated_at = ?, version = version + 1 WHERE id = ?`, fmtTime(tx.now), m.MergedID); err != nil {
		return err
	}
	current, err := tx.findIncident(m.SurvivorID)
	if err != nil {
		return err
	}
	before.Version = current.Version
	if err := tx.writeIncident(&before, current, key); err != nil {
		return err
	}
	for _, id := range []string{m.SurvivorID, m.MergedID} {
		if err := tx.recountVictims(id); err != nil {
			return err
		}
	}
	return nil
}
