package store

import (
	"database/sql"
	"fmt"
	"hash/maphash"
	"strings"

	"github.com/haki-kenya/haki"
)

// row checks one incident of a batch and, unless the batch writes nothing,
// writes it. k is its batch_records row, nil for an external id not seen
// before.
func (r *batchRun) row(bi *haki.BatchIncident, k *batchKey) (haki.BatchRow, error) {
	row := haki.BatchRow{ExternalID: bi.ExternalID}
	d := digest(bi) // before the checks fill in defaults: what the caller gave
	problems, err := r.check(bi, k)
	if err != nil {
		return row, err
	}
	h := maphash.String(r.seed, bi.ExternalID)
	if _, twice := r.seen[h]; twice {
		problems.Add("external_id", "An earlier row of the batch has this external id.")
	}
	r.seen[h] = struct{}{}
	if len(problems) > 0 {
		row.Action, row.Problems = haki.BatchRejected, problems
		return row, nil
	}
	switch {
	case k != nil && k.id != "" && k.digest == d && k.version == k.stored:
		row.Action, row.ID, row.Ref = haki.BatchUnchanged, k.id, k.ref
		return row, nil
	case k != nil && k.id != "":
		row.Action, row.ID, row.Ref = haki.BatchUpdated, k.id, k.ref
	default:
		row.Action = haki.BatchCreated
	}
	if r.opt.DryRun || (r.res.Rejected > 0 && !r.opt.ValidOnly) {
		for _, bp := range bi.Persons { // would be created: later rows may name them
			if k := r.persons[bp.ExternalID]; k == nil || k.id == "" {
				r.persons[bp.ExternalID] = &batchKey{pending: true}
			}
		}
		return row, nil
	}
	if err := r.write(bi, k, d); err != nil {
		return row, fmt.Errorf("batch row %d (%s): %w", r.done, row.Action, err)
	}
	if row.Action == haki.BatchCreated {
		row.ID, row.Ref = bi.Incident.ID, bi.Incident.Ref
	}
	return row, nil
}

// check runs the domain's checks of the row and the store's checks of
// each record (vocabularies, places, publication), and returns what is
// wrong, by field within the row.
func (r *batchRun) check(bi *haki.BatchIncident, k *batchKey) (haki.Problems, error) {
	tx := r.tx
	p := haki.Problems{}
	known := func(ext string) bool {
		k := r.persons[ext]
		return k != nil && (k.id != "" || k.pending)
	}
	for f, m := range haki.ErrorFields(bi.Validate(tx.now, known)) {
		p.Add(f, m)
	}
	add := func(prefix string, err error) error {
		switch code := haki.ErrorCode(err); {
		case err == nil:
		case code == haki.EINTERNAL:
			return err
		case len(haki.ErrorFields(err)) > 0:
			for f, m := range haki.ErrorFields(err) {
				p.Add(prefix+f, m)
			}
		default:
			p.Add(strings.TrimSuffix(prefix, "."), haki.ErrorMessage(err))
		}
		return nil
	}
	if err := add("incident.", tx.checkIncident(&bi.Incident, nil)); err != nil {
		return nil, err
	}
	if k != nil && k.id != "" && bi.Incident.Publishable && !k.publish {
		if err := add("incident.", tx.checkPublication(k.id, bi.Incident.OverrideReason)); err != nil {
			return nil, err
		}
	}
	for i := range bi.Persons {
		if err := add(fmt.Sprintf("persons[%d].person.", i), tx.checkPerson(&bi.Persons[i].Person, nil)); err != nil {
			return nil, err
		}
	}
	for i := range bi.Acts {
		a := &bi.Acts[i].Act
		a.VictimID = "-" // the victim is a person of the batch, checked by Validate
		pr, err := tx.checkActFields(a, nil)
		if err != nil {
			return nil, err
		}
		if err := add(fmt.Sprintf("acts[%d].act.", i), pr.Err()); err != nil {
			return nil, err
		}
	}
	for i := range bi.Involvements {
		if err := add(fmt.Sprintf("involvements[%d].involvement.", i), tx.checkInvolvement(&bi.Involvements[i].Involvement, nil)); err != nil {
			return nil, err
		}
	}
	for i := range bi.Sources {
		src := &bi.Sources[i].Source
		src.PersonID = ""
		if err := add(fmt.Sprintf("sources[%d].source.", i), tx.checkSource(src, nil)); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// write writes a checked row: its persons, the incident, then its acts,
// involvements and sources, each created or updated by its external id;
// parts an earlier run wrote that the row no longer has are deleted.
func (r *batchRun) write(bi *haki.BatchIncident, k *batchKey, d string) error {
	tx := r.tx
	for i := range bi.Persons {
		if err := r.writePerson(&bi.Persons[i]); err != nil {
			return err
		}
	}
	inc := &bi.Incident
	var key []byte
	var err error
	parts := map[[2]string]partKey{}
	if k != nil && k.id != "" {
		inc.ID = k.id
		if inc.Version, err = r.current("incidents", k); err != nil {
			return err
		}
		if key, err = tx.updateIncidentRow(inc); err != nil {
			return err
		}
		inc.Version++
		if parts, err = r.parts(bi.ExternalID); err != nil {
			return err
		}
	} else {
		ref, err := r.ref("INC")
		if err != nil {
			return err
		}
		victims := map[string]bool{}
		for _, ba := range bi.Acts {
			victims[ba.Victim] = true
		}
		inc.VictimCount = len(victims)
		if key, err = tx.insertIncident(inc, ref); err != nil {
			return err
		}
	}
	acts := map[string]string{}
	for i := range bi.Acts {
		ba := &bi.Acts[i]
		a := &ba.Act
		a.IncidentID, a.VictimID = inc.ID, r.persons[ba.Victim].id
		if err := r.writePart(parts, "act", bi.ExternalID, ba.ExternalID, &a.ID, &a.Version,
			func() error { return tx.insertAct(a, key) }, func() error { return tx.updateActRow(a, key) }); err != nil {
			return err
		}
		acts[ba.ExternalID] = a.ID
	}
	for i := range bi.Involvements {
		bv := &bi.Involvements[i]
		v := &bv.Involvement
		v.ActID = acts[bv.Act]
		if err := r.writePart(parts, "involvement", bi.ExternalID, bv.ExternalID, &v.ID, &v.Version,
			func() error { return tx.insertInvolvement(v, inc.ID, key) },
			func() error { return tx.updateInvolvementRow(v, inc.ID, key) }); err != nil {
			return err
		}
	}
	for i := range bi.Sources {
		bs := &bi.Sources[i]
		src := &bs.Source
		src.IncidentID, src.PersonID = inc.ID, ""
		if bs.Person != "" {
			src.PersonID = r.persons[bs.Person].id
		}
		if err := r.writePart(parts, "source", bi.ExternalID, bs.ExternalID, &src.ID, &src.Version,
			func() error { return tx.insertSource(src, key) }, func() error { return tx.updateSourceRow(src, key) }); err != nil {
			return err
		}
	}
	if err := r.deleteParts(parts, bi.ExternalID); err != nil {
		return err
	}
	if k != nil && k.id != "" {
		if err := tx.recountVictims(inc.ID); err != nil {
			return err
		}
	}
	return r.note("incident", "", bi.ExternalID, inc.ID, d, inc.Version)
}

// writePerson creates a person of a batch, or updates them when they
// changed since the batch last wrote them.
func (r *batchRun) writePerson(bp *haki.BatchPerson) error {
	tx := r.tx
	p := &bp.Person
	d := digest(p)
	k := r.persons[bp.ExternalID]
	switch {
	case k != nil && k.id != "" && k.digest == d && k.version == k.stored:
		return nil
	case k != nil && k.id != "":
		p.ID = k.id
		v, err := r.current("persons", k)
		if err != nil {
			return err
		}
		p.Version = v
		if _, _, err := tx.updatePersonRow(p); err != nil {
			return err
		}
		k.version = v + 1
	default:
		ref, err := r.ref("PER")
		if err != nil {
			return err
		}
		if _, _, err := tx.insertPerson(p, ref); err != nil {
			return err
		}
		k = &batchKey{id: p.ID, version: 1, exists: true}
		r.persons[bp.ExternalID] = k
		r.personsCreated++
	}
	k.digest, k.stored = d, k.version
	return r.note("person", "", bp.ExternalID, p.ID, d, k.version)
}

// partKey is an act, involvement or source an earlier run wrote: its id
// and version now (version 0 when it is gone).
type partKey struct {
	id      string
	version int
	seen    bool
}

// parts returns the acts, involvements and sources an earlier run wrote for
// an incident, by kind and external id.
func (r *batchRun) parts(scope string) (map[[2]string]partKey, error) {
	out := map[[2]string]partKey{}
	err := scanRows(r.tx, `SELECT b.kind, b.external_id, b.record_id, COALESCE(a.version, v.version, s.version, 0)
		FROM batch_records b
		LEFT JOIN acts a ON b.kind = 'act' AND a.id = b.record_id
		LEFT JOIN involvements v ON b.kind = 'involvement' AND v.id = b.record_id
		LEFT JOIN sources s ON b.kind = 'source' AND s.id = b.record_id
		WHERE b.system = ? AND b.scope = ?`, []any{r.system, scope}, func(rows *sql.Rows) error {
		var kind, ext string
		var p partKey
		if err := rows.Scan(&kind, &ext, &p.id, &p.version); err != nil {
			return err
		}
		out[[2]string{kind, ext}] = p
		return nil
	})
	return out, err
}

// writePart updates a part an earlier run wrote and that still exists, or
// inserts it with a new id, and notes its external id.
func (r *batchRun) writePart(parts map[[2]string]partKey, kind, scope, ext string, id *string, version *int, insert, update func() error) error {
	old, ok := parts[[2]string{kind, ext}]
	if ok {
		old.seen = true
		parts[[2]string{kind, ext}] = old
	}
	if ok && old.version > 0 {
		*id, *version = old.id, old.version
		if err := update(); err != nil {
			return err
		}
		*version = old.version + 1
	} else {
		*id, *version = newID(), 1
		if err := insert(); err != nil {
			return err
		}
	}
	return r.note(kind, scope, ext, *id, "", *version)
}

// deleteParts removes the parts an earlier run wrote that the row no
// longer has, and their external ids.
func (r *batchRun) deleteParts(parts map[[2]string]partKey, scope string) error {
	tables := map[string]string{"act": "acts", "involvement": "involvements", "source": "sources"}
	for _, kind := range []string{"involvement", "source", "act"} {
		for key, p := range parts {
			if key[0] != kind || p.seen {
				continue
			}
			if _, err := r.tx.exec(`DELETE FROM `+tables[kind]+` WHERE id = ?`, p.id); err != nil {
				return err
			}
			if _, err := r.tx.exec(`DELETE FROM batch_records WHERE system = ? AND kind = ? AND scope = ? AND external_id = ?`,
				r.system, kind, scope, key[1]); err != nil {
				return err
			}
		}
	}
	return nil
}

// note keeps a record's external id, with the digest and version of what
// the batch wrote; the notes of a chunk are written together (flushNotes).
func (r *batchRun) note(kind, scope, ext, id, d string, version int) error {
	key := [3]string{kind, scope, ext}
	if i, ok := r.noted[key]; ok {
		r.notes[i] = batchNote{key, id, d, version}
		return nil
	}
	if r.noted == nil {
		r.noted = map[[3]string]int{}
	}
	r.noted[key] = len(r.notes)
	r.notes = append(r.notes, batchNote{key, id, d, version})
	return nil
}

// batchNote is a row of batch_records to write.
type batchNote struct {
	key        [3]string // kind, scope, external id
	id, digest string
	version    int
}

// flushNotes writes the notes kept so far, a hundred rows a statement.
func (r *batchRun) flushNotes() error {
	for notes := r.notes; len(notes) > 0; {
		n := min(len(notes), 100)
		args := make([]any, 0, 7*n)
		for _, nt := range notes[:n] {
			args = append(args, r.system, nt.key[0], nt.key[1], nt.key[2], nt.id, nt.digest, nt.version)
		}
		notes = notes[n:]
		if _, err := r.tx.exec(`INSERT INTO batch_records (system, kind, scope, external_id, record_id, digest, version) VALUES `+
			strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, ?), ", n), ", ")+`
			ON CONFLICT (system, kind, scope, external_id) DO UPDATE SET record_id = excluded.record_id, digest = excluded.digest, version = excluded.version`,
			args...); err != nil {
			return fmt.Errorf("batch: external ids: %w", err)
		}
	}
	r.notes, r.noted = r.notes[:0], nil
	return nil
}

// ref returns the next reference of the prefix, from numbers reserved a
// block at a time; releaseRefs gives back those not used.
func (r *batchRun) ref(prefix string) (string, error) {
	b := r.refs[prefix]
	if b == nil || b.next > b.last {
		first, err := r.tx.reserveRefs(prefix, refBlock)
		if err != nil {
			return "", err
		}
		b = &refRange{first, first + refBlock - 1}
		r.refs[prefix] = b
	}
	b.next++
	return formatRef(prefix, haki.Today(r.tx.now).Year(), b.next-1), nil
}

// refBlock is how many references a batch reserves at a time.
const refBlock = 256

type refRange struct{ next, last int }

func (r *batchRun) releaseRefs() error {
	for prefix, b := range r.refs {
		if b.next <= b.last {
			if err := r.tx.releaseRefs(prefix, b.next-1, b.last); err != nil {
				return err
			}
		}
	}
	return nil
}
