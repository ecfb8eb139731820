package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"slices"

	"github.com/haki-kenya/haki"
)

// A batch (haki.Batch) writes many incidents with their persons, acts,
// involvements and sources in one transaction, through the same checks
// and the same INSERT and UPDATE helpers as the single-record methods;
// what it does faster is look up: the vocabularies and places are read
// once (batch_lookup.go), the external ids a chunk of rows at a time, and
// it audits one entry per batch with the counts instead of one per record.
// Each record's external id is kept in batch_records (030_batch_records.sql).

// BatchOptions says how a batch runs.
type BatchOptions struct {
	// DryRun runs every check and tells what would be created, updated,
	// left unchanged or rejected, writing nothing.
	DryRun bool
	// ValidOnly writes the rows that pass and reports the others; by
	// default a batch with any rejected row writes nothing.
	ValidOnly bool
	// Progress, if set, is called after each chunk of rows with the
	// number of rows handled so far.
	Progress func(done int)
	// OnRow, if set, is given each row's result as it is decided, and
	// the result's Rows stay empty (its counts are kept): a stream of a
	// million rows need not hold a million results.
	OnRow func(haki.BatchRow)
}

// batchChunk is how many rows a batch reads before it looks up their
// external ids together.
const batchChunk = 500

// errBatchRollback ends the transaction of a dry run, or of a refused
// all-or-nothing batch, without committing.
var errBatchRollback = errors.New("batch: roll back")

// ApplyBatch writes a batch: see haki.Batch and BatchOptions. When all or
// nothing fails it returns the result, with every row's action and
// problems, and an EINVALID error; nothing is written.
func (s *Store) ApplyBatch(ctx context.Context, b haki.Batch, opt BatchOptions) (*haki.BatchResult, error) {
	if err := require(haki.UserFromContext(ctx), haki.PermBatch); err != nil {
		return nil, err
	}
	if err := b.Validate(); err != nil {
		return nil, err
	}
	i := 0
	return s.ApplyBatchStream(ctx, b.System, func() (*haki.BatchIncident, error) {
		if i == len(b.Incidents) {
			return nil, io.EOF
		}
		i++
		return &b.Incidents[i-1], nil
	}, opt)
}

// ApplyBatchStream writes the rows next returns until it returns io.EOF,
// as ApplyBatch does, in one transaction however many there are: the
// importer streams a file through it. Another error from next, or
// cancelling ctx, rolls everything back.
func (s *Store) ApplyBatchStream(ctx context.Context, system string, next func() (*haki.BatchIncident, error), opt BatchOptions) (*haki.BatchResult, error) {
	if err := require(haki.UserFromContext(ctx), haki.PermBatch); err != nil {
		return nil, err
	}
	if err := haki.ValidateBatchSystem(system); err != nil {
		return nil, err
	}
	res := &haki.BatchResult{DryRun: opt.DryRun, Rows: []haki.BatchRow{}}
	run := s.write
	if opt.DryRun {
		run = s.read // nothing is written: the single writer stays free
	}
	err := run(ctx, func(tx *Tx) error {
		r := &batchRun{tx: tx, system: system, opt: opt, res: res, persons: map[string]*batchKey{},
			seen: map[uint64]struct{}{}, seed: maphash.MakeSeed(), refs: map[string]*refRange{}}
		if err := tx.loadLookups(); err != nil {
			return err
		}
		if err := r.all(next); err != nil {
			return err
		}
		if opt.DryRun || (res.Rejected > 0 && !opt.ValidOnly) {
			return errBatchRollback
		}
		if err := r.releaseRefs(); err != nil {
			return err
		}
		return tx.audit("load", "batch", "", nil, batchAudit{System: system, Created: res.Created, Updated: res.Updated,
			Unchanged: res.Unchanged, Rejected: res.Rejected, PersonsCreated: r.personsCreated})
	})
	switch {
	case errors.Is(err, errBatchRollback) && !opt.DryRun:
		return res, haki.Errorf(haki.EINVALID, "%d of %d rows have problems; nothing was written.", res.Rejected,
			res.Created+res.Updated+res.Unchanged+res.Rejected)
	case errors.Is(err, errBatchRollback):
		return res, nil
	case err != nil:
		return nil, err
	}
	res.Committed = true
	return res, nil
}

// batchAudit is the one audit entry of a batch: counts, never a name.
type batchAudit struct {
	System         string `json:"system"`
	Created        int    `json:"created"`
	Updated        int    `json:"updated"`
	Unchanged      int    `json:"unchanged"`
	Rejected       int    `json:"rejected"`
	PersonsCreated int    `json:"persons_created"`
}

// batchRun is one batch under way in its transaction.
type batchRun struct {
	tx     *Tx
	system string
	opt    BatchOptions
	res    *haki.BatchResult
	// persons maps the external ids of the persons known so far, from
	// earlier runs or rows, to their records; a dry run notes a person it
	// would create with an empty id.
	persons        map[string]*batchKey
	personsCreated int
	done           int // rows decided so far
	// seen holds a hash of each incident external id so far: one twice
	// is refused. A hash, not the id, keeps a million rows small.
	seen  map[uint64]struct{}
	seed  maphash.Seed
	refs  map[string]*refRange
	notes []batchNote
	noted map[[3]string]int
}

// current is the version of k's record to update in table: the one read
// with the chunk, or, for a record that a merge joined to another (which
// two external ids may reach, so that an earlier row of the run may have
// written it since), the one it has now.
func (r *batchRun) current(table string, k *batchKey) (int, error) {
	if !k.merge {
		return k.version, nil
	}
	var v int
	err := r.tx.queryRow(`SELECT version FROM `+table+` WHERE id = ?`, k.id).Scan(&v)
	return v, err
}

// batchKey is a row of batch_records joined to its record: id is "" when
// the record is gone (deleted since) or, in a dry run, not yet created.
type batchKey struct {
	id, ref, digest string
	version         int  // the record's version now
	stored          int  // the version batch_records noted
	exists          bool // the row of batch_records exists
	publish         bool // an incident's publishable flag now
	pending         bool // a person a dry run would create
	merge           bool // the record is a merge's survivor (see current)
}

// all reads the rows a chunk at a time and applies each chunk.
func (r *batchRun) all(next func() (*haki.BatchIncident, error)) error {
	for done := false; !done; {
		if err := r.tx.ctx.Err(); err != nil {
			return err
		}
		var chunk []*haki.BatchIncident
		for len(chunk) < batchChunk {
			bi, err := next()
			if errors.Is(err, io.EOF) {
				done = true
				break
			} else if err != nil {
				return err
			}
			chunk = append(chunk, bi)
		}
		if err := r.chunk(chunk); err != nil {
			return err
		}
		if r.opt.Progress != nil {
			r.opt.Progress(r.done)
		}
	}
	return nil
}

// chunk looks up the external ids of a chunk's incidents and persons
// together, then applies each row.
func (r *batchRun) chunk(rows []*haki.BatchIncident) error {
	var incIDs, personIDs []string
	for i, bi := range rows {
		bi = cloneRow(bi)
		rows[i] = bi
		bi.Normalize()
		incIDs = append(incIDs, bi.ExternalID)
		for _, p := range bi.Persons {
			if _, ok := r.persons[p.ExternalID]; !ok {
				personIDs = append(personIDs, p.ExternalID)
			}
		}
		for _, a := range bi.Acts { // a victim of an earlier run
			if _, ok := r.persons[a.Victim]; !ok && a.Victim != "" {
				personIDs = append(personIDs, a.Victim)
			}
		}
		for _, src := range bi.Sources {
			if _, ok := r.persons[src.Person]; !ok && src.Person != "" {
				personIDs = append(personIDs, src.Person)
			}
		}
	}
	incidents, err := r.keys("incident", "incidents", "x.publishable", incIDs)
	if err != nil {
		return err
	}
	persons, err := r.keys("person", "persons", "0", personIDs)
	if err != nil {
		return err
	}
	for ext, k := range persons {
		r.persons[ext] = k
	}
	for _, bi := range rows {
		row, err := r.row(bi, incidents[bi.ExternalID])
		if err != nil {
			return err
		}
		row.Index = r.done
		r.done++
		r.res.Add(row)
		if r.opt.OnRow != nil {
			r.opt.OnRow(row)
			r.res.Rows = r.res.Rows[:0]
		}
	}
	// The persons written are in batch_records now, where a later chunk
	// finds them again: only those a dry run would create stay in memory.
	for ext, k := range r.persons {
		if !k.pending {
			delete(r.persons, ext)
		}
	}
	return r.flushNotes()
}

// keys returns the batch_records of a kind of record (with an empty scope)
// for the external ids, joined to their record (x) in table, or, when that
// record has been merged into another (merge.go), to the survivor, through
// up to two merges: a batch run again updates the record the organisation
// kept, never the tombstone, and never makes the merged record anew.
func (r *batchRun) keys(kind, table, publish string, ids []string) (map[string]*batchKey, error) {
	join := `LEFT JOIN ` + table + ` m1 ON m1.id = b.record_id LEFT JOIN ` + table + ` m2 ON m2.id = m1.merged_into
		LEFT JOIN ` + table + ` x ON x.id = COALESCE(m2.merged_into, m1.merged_into, b.record_id)`
	merge := `CASE WHEN x.id <> b.record_id OR EXISTS (SELECT 1 FROM ` + table + ` t WHERE t.merged_into = x.id) THEN 1 ELSE 0 END`
	out := map[string]*batchKey{}
	for len(ids) > 0 {
		n := min(len(ids), 500) // under every engine's limit of arguments
		args := []any{r.system, kind}
		for _, id := range ids[:n] {
			args = append(args, id)
		}
		ids = ids[n:]
		err := scanRows(r.tx, `SELECT b.external_id, COALESCE(x.id, ''), COALESCE(x.ref, ''), b.digest, b.version, COALESCE(x.version, 0), COALESCE(`+publish+`, 0),
			`+merge+` FROM batch_records b `+join+` WHERE b.system = ? AND b.kind = ? AND b.scope = '' AND b.external_id IN (`+placeholders(n)+`)`, args,
			func(rows *sql.Rows) error {
				var ext string
				k := &batchKey{exists: true}
				if err := rows.Scan(&ext, &k.id, &k.ref, &k.digest, &k.stored, &k.version, &k.publish, &k.merge); err != nil {
					return err
				}
				out[ext] = k
				return nil
			})
		if err != nil {
			return nil, fmt.Errorf("batch keys(%s): %w", kind, err)
		}
	}
	return out, nil
}

// digest is a hash of a record as a batch gives it, to tell a row run again
// unchanged from one that changed.
func digest(v any) string {
	b, _ := json.Marshal(v) // plain structs: cannot fail
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:16])
}

// cloneRow copies a row deep enough that writing it (ids, versions,
// defaults) leaves the caller's row as it was: the same row sent again
// has the same digest.
func cloneRow(bi *haki.BatchIncident) *haki.BatchIncident {
	c := *bi
	c.Incident.Types = slices.Clone(bi.Incident.Types)
	c.Persons = slices.Clone(bi.Persons)
	for i := range c.Persons {
		c.Persons[i].Person.OtherNames = slices.Clone(c.Persons[i].Person.OtherNames)
	}
	c.Acts = slices.Clone(bi.Acts)
	for i := range c.Acts {
		c.Acts[i].Act.Consequences = slices.Clone(c.Acts[i].Act.Consequences)
	}
	c.Involvements = slices.Clone(bi.Involvements)
	for i := range c.Involvements {
		c.Involvements[i].Involvement.Outcomes = slices.Clone(c.Involvements[i].Involvement.Outcomes)
	}
	c.Sources = slices.Clone(bi.Sources)
	return &c
}
