package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"strings"

	"github.com/haki-kenya/haki"
)

// audit records an entry for the audit log in the same transaction as the
// change it records, so there is never a change without its entry. Entries
// wait on the transaction and are linked into the hash chain (audit_chain.go)
// just before it commits (see flushAudit).
func (tx *Tx) audit(action, entity, id string, before, after any) error {
	b, err := auditJSON(before)
	if err != nil {
		return err
	}
	a, err := auditJSON(after)
	if err != nil {
		return err
	}
	e := chainEntry{At: fmtTime(tx.now), UserID: tx.userID(), Action: action, Entity: entity, EntityID: id,
		Before: b, After: a, RequestID: haki.RequestIDFromContext(tx.ctx)}
	if tx.user != nil {
		e.Username = tx.user.Username
	}
	tx.pendingAudit = append(tx.pendingAudit, &e)
	return nil
}

// flushAudit appends the transaction's entries to the chain. It runs last,
// just before commit: on PostgreSQL the chain's lock is then taken by a
// transaction that already holds every row lock it needs, and its holder
// only writes audit rows, so two writers can never wait on each other.
func (tx *Tx) flushAudit() error {
	tx.auditing = true
	defer func() { tx.auditing = false }()
	tx.auditAppended = tx.auditAppended || len(tx.pendingAudit) > 0
	if err := tx.appendAudit(tx.pendingAudit); err != nil {
		return err
	}
	tx.pendingAudit = nil
	return nil
}

// appendAudit numbers, hashes and inserts the entries in order, each linked
// to the one before, and moves the head to the last: the head is read and
// written once however many entries a transaction carries (a group commit
// of view entries carries many). On PostgreSQL an advisory lock held to the
// end of the transaction makes concurrent appenders take turns, so ids and
// links follow commit order.
func (tx *Tx) appendAudit(entries []*chainEntry) error {
	if len(entries) == 0 {
		return nil
	}
	if lock := tx.d.auditLock(); lock != "" {
		if _, err := tx.exec(lock); err != nil {
			return err
		}
	}
	var last int64
	var prev string
	var start int64
	if err := tx.queryRow(`SELECT last_id, last_hash, chain_start FROM audit_head WHERE id = 1`).Scan(&last, &prev, &start); err != nil {
		return err
	}
	for _, e := range entries {
		last++
		e.ID = last
		e.Hash = e.chainHash(prev)
		if _, err := tx.exec(`INSERT INTO audit_log (id, at, user_id, username, action, entity, entity_id, before_json, after_json, request_id, hash)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			e.ID, e.At, e.UserID, e.Username, e.Action, e.Entity, e.EntityID, e.Before, e.After, e.RequestID, e.Hash); err != nil {
			return err
		}
		prev = e.Hash
	}
	if _, err := tx.exec(`UPDATE audit_head SET last_id = ?, last_hash = ? WHERE id = 1`, last, prev); err != nil {
		return err
	}
	tx.head = &chainHead{start: start, last: last, hash: prev}
	return nil
}

func auditJSON(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	b, err := json.Marshal(v)
	return string(b), err
}

// Audit records an event that is not a change of a record, such as a
// sign-in, a failed sign-in or a command run from the shell.
func (s *Store) Audit(ctx context.Context, action, entity, id string, detail any) error {
	return s.write(ctx, func(tx *Tx) error { return tx.audit(action, entity, id, nil, detail) })
}

// FindAuditEntries returns entries newest first. Only administrators may
// read the log.
func (s *Store) FindAuditEntries(ctx context.Context, f haki.AuditFilter) ([]*haki.AuditEntry, error) {
	if !haki.UserFromContext(ctx).Can(haki.PermAudit) {
		return nil, haki.Errorf(haki.EFORBIDDEN, "Only an administrator can read the audit log.")
	}
	where, args := []string{"1 = 1"}, []any{}
	add := func(cond string, v any) { where = append(where, cond); args = append(args, v) }
	if f.Entity != "" {
		add("entity = ?", f.Entity)
	}
	if f.EntityID != "" {
		add("entity_id = ?", f.EntityID)
	}
	if f.UserID != "" {
		add("user_id = ?", f.UserID)
	}
	if f.Action != "" {
		add("action = ?", f.Action)
	}
	if !f.From.IsZero() {
		add("at >= ?", fmtTime(f.From))
	}
	if !f.To.IsZero() {
		add("at < ?", fmtTime(f.To))
	}
	if f.BeforeID > 0 {
		add("id < ?", f.BeforeID)
	}
	limit := clampLimit(f.Limit)
	var out []*haki.AuditEntry
	err := s.read(ctx, func(tx *Tx) (err error) {
		out, err = tx.auditEntries(strings.Join(where, " AND "), args, limit)
		return err
	})
	return out, err
}

// auditEntries returns the entries matching where, newest first. Identifying
// records are audited sealed with their own data key; the reader sees them
// opened (or marked erased).
func (tx *Tx) auditEntries(where string, args []any, limit int) ([]*haki.AuditEntry, error) {
	rows, err := tx.query(`SELECT id, at, user_id, username, action, entity, entity_id, before_json, after_json, request_id
		FROM audit_log WHERE `+where+` ORDER BY id DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*haki.AuditEntry
	for rows.Next() {
		e := &haki.AuditEntry{}
		var at string
		if err := rows.Scan(&e.ID, &at, &e.UserID, &e.Username, &e.Action, &e.Entity, &e.EntityID, &e.Before, &e.After, &e.RequestID); err != nil {
			return nil, err
		}
		e.At = parseTime(at)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	for _, e := range out {
		before, after := e.Before, e.After
		if e.Before, err = tx.openAuditValue(e.Before); err != nil {
			return nil, err
		}
		if e.After, err = tx.openAuditValue(e.After); err != nil {
			return nil, err
		}
		if (e.Before != before || e.After != after) && e.EntityID != "" {
			tx.reveal(e.Entity, e.EntityID) // a sealed record's fields, opened
		}
	}
	return out, nil
}

// clampLimit keeps a page between 1 and 200 rows, 50 by default.
func clampLimit(n int) int {
	switch {
	case n <= 0:
		return 50
	case n > 200:
		return 200
	}
	return n
}

// auditRefTables are the kinds of record whose entries the log names by
// reference (PER-, INC-, CASE-): references name no one, and whoever reads
// the log may open every record.
var auditRefTables = map[string]string{"person": "persons", "incident": "incidents", "case": "cases"}

// refsByID puts the reference of each of the ids that the table (persons,
// incidents, cases) holds into refs, a batch at a time.
func (tx *Tx) refsByID(table string, ids []string, refs map[string]string) error {
	for batch := range slices.Chunk(ids, 500) {
		err := scanRows(tx, `SELECT id, ref FROM `+table+` WHERE id IN (`+placeholders(len(batch))+`)`, anySlice(batch),
			func(rows *sql.Rows) error {
				var id, ref string
				err := rows.Scan(&id, &ref)
				refs[id] = ref
				return err
			})
		if err != nil {
			return err
		}
	}
	return nil
}

// MaxViewedRefs is how many of the records a "view" entry names the log
// shows by reference; it says how many more there were.
const MaxViewedRefs = 5

// ViewedIDs returns the ids of the records a "view" entry names, in the
// order it holds them; nil for any other entry.
func ViewedIDs(e *haki.AuditEntry) []string {
	if e.Action != "view" || e.After == "" {
		return nil
	}
	var v auditView
	if json.Unmarshal([]byte(e.After), &v) != nil {
		return nil
	}
	return v.IDs
}

// FindAuditRefs returns the references of the persons, incidents and cases
// the entries are about, by id; records since deleted have none.
func (s *Store) FindAuditRefs(ctx context.Context, entries []*haki.AuditEntry) (map[string]string, error) {
	if !haki.UserFromContext(ctx).Can(haki.PermAudit) {
		return nil, haki.Errorf(haki.EFORBIDDEN, "Only an administrator can read the audit log.")
	}
	ids := map[string][]string{}
	for _, e := range entries {
		if _, ok := auditRefTables[e.Entity]; !ok {
			continue
		}
		if e.EntityID != "" {
			ids[e.Entity] = append(ids[e.Entity], e.EntityID)
		}
		viewed := ViewedIDs(e)
		for _, id := range viewed[:min(len(viewed), MaxViewedRefs)] {
			ids[e.Entity] = append(ids[e.Entity], id)
		}
	}
	out := map[string]string{}
	err := s.read(ctx, func(tx *Tx) error {
		for entity, list := range ids {
			if err := tx.refsByID(auditRefTables[entity], list, out); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}
