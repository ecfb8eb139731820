package store

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io/fs"
	"strconv"
	"time"

	"github.com/haki-kenya/haki"
)

// The audit log is a hash chain. Entry n stores
//
//	hash(n) = hex(SHA-256(field(hash(n-1)) || field(id) || field(at) || field(user_id) ||
//	          field(username) || field(action) || field(entity) || field(entity_id) ||
//	          field(before_json) || field(after_json) || field(request_id)))
//
// where field(s) is the length of s as 8 bytes big-endian followed by the
// bytes of s, id is written in decimal, every other value is the text as
// stored, and hash(0) of the first entry is auditGenesis. Changing, removing
// or adding an entry breaks the link of the entry after it; audit_head, moved
// with every append, records the last id and hash, so that removing entries
// at the end is found too. Someone able to rewrite the database could still
// move the head or rebuild the chain: the checkpoint kept outside the
// database (audit_checkpoint.go) finds that.

// auditGenesis is the hash the first entry of the chain links to.
const auditGenesis = "0000000000000000000000000000000000000000000000000000000000000000"

// chainEntry is an audit entry as stored: the text of each column.
type chainEntry struct {
	ID                                             int64
	At, UserID, Username, Action, Entity, EntityID string
	Before, After, RequestID, Hash                 string
}

// chainHash returns the hash of e linked to the entry whose hash is prev
// ("" for none).
func (e *chainEntry) chainHash(prev string) string {
	return e.hashWith(sha256.New(), prev, nil)
}

// hashWith computes the hash with h and scratch buffer buf, so a walk over
// a million entries does not allocate for each.
func (e *chainEntry) hashWith(h hash.Hash, prev string, buf []byte) string {
	if prev == "" {
		prev = auditGenesis
	}
	h.Reset()
	var n [8]byte
	field := func(s string) {
		binary.BigEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	field(prev)
	field(strconv.FormatInt(e.ID, 10))
	for _, s := range [...]string{e.At, e.UserID, e.Username, e.Action, e.Entity, e.EntityID, e.Before, e.After, e.RequestID} {
		field(s)
	}
	return hex.EncodeToString(h.Sum(buf[:0]))
}

// AuditChain is the result of checking the whole audit log.
type AuditChain struct {
	Entries   int64  // entries checked
	Unchained int64  // entries written before the chain began, not checkable
	HeadID    int64  // the last entry, as audit_head records it
	HeadHash  string // its hash: keep a copy elsewhere to detect a rebuilt chain
	Anchors   int    // checkpoints the chain was held against
	// Checkpoint is the checkpoint file's, when there is one that the chain was held against.
	Checkpoint *AuditCheckpoint
	// Problem is the first place where the chain does not hold; nil when it does.
	Problem *AuditProblem
}

// AuditProblem says where and how the audit chain is broken.
type AuditProblem struct {
	ID     int64  // the entry at which the break shows
	Kind   string // edited, missing, inserted, truncated, replaced
	Detail string
}

func (p *AuditProblem) Error() string {
	if p.ID == 0 {
		return p.Kind + ": " + p.Detail
	}
	return fmt.Sprintf("audit entry %d: %s", p.ID, p.Detail)
}

// VerifyAudit walks the whole audit log in id order, one row at a time, and
// reports the first entry that was edited, removed or added outside Haki.
// The chain is held against the checkpoint file (audit_checkpoint.go), when
// the store keeps one, and against the checkpoints given (copies kept
// elsewhere), so a head moved back or a chain start moved forward is found
// too. Only administrators (and commands run from the shell) may run it.
func (s *Store) VerifyAudit(ctx context.Context, given ...*AuditCheckpoint) (*AuditChain, error) {
	if !haki.UserFromContext(ctx).Can(haki.PermAudit) {
		return nil, haki.Errorf(haki.EFORBIDDEN, "Only an administrator can check the audit log.")
	}
	var anchors []*AuditCheckpoint
	var fileProblem *AuditProblem
	var fromFile *AuditCheckpoint
	if s.checkpoint != nil {
		c, err := readCheckpoint(s.checkpoint.path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			fileProblem = &AuditProblem{Kind: "unanchored", Detail: fmt.Sprintf(
				"there is no audit checkpoint at %s, so a head moved back cannot be found: if the database never had one (it comes from an older haki), "+
					"run haki audit checkpoint --start; if it had one, it was deleted: compare the log with your last copy of the checkpoint (haki verify --checkpoint LINE)", s.checkpoint.path)}
		case err != nil:
			return &AuditChain{Problem: &AuditProblem{Kind: "forged checkpoint", Detail: fmt.Sprintf("the audit checkpoint %s cannot be read: %v", s.checkpoint.path, err)}}, nil
		default:
			if p := s.checkAnchor(c, true); p != nil {
				return &AuditChain{Problem: p}, nil
			}
			anchors, fromFile = append(anchors, c), c
		}
	}
	for _, c := range given {
		if p := s.checkAnchor(c, false); p != nil {
			return &AuditChain{Problem: p}, nil
		}
		anchors = append(anchors, c)
	}
	chain, err := s.verifyChain(ctx, anchors)
	if err != nil {
		return nil, err
	}
	chain.Checkpoint = fromFile
	if chain.Problem == nil {
		chain.Problem = fileProblem
	}
	return chain, nil
}

// verifyChain checks the links from the chain's start to its head and
// against each anchor.
func (s *Store) verifyChain(ctx context.Context, anchors []*AuditCheckpoint) (*AuditChain, error) {
	sqlTx, err := s.rdb.BeginTx(ctx, s.d.snapshot())
	if err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	defer sqlTx.Rollback()
	c := &AuditChain{Anchors: len(anchors)}
	var start int64
	if err := sqlTx.QueryRowContext(ctx, `SELECT last_id, last_hash, chain_start FROM audit_head WHERE id = 1`).Scan(&c.HeadID, &c.HeadHash, &start); err != nil {
		return nil, fmt.Errorf("audit head: %w", err)
	}
	anchored := map[int64]*AuditCheckpoint{}
	for _, a := range anchors {
		if c.Problem = anchorProblem(a, start, c.HeadID); c.Problem != nil {
			return c, nil
		}
		if a.Last > a.Start {
			anchored[a.Last] = a
		}
	}
	rows, err := sqlTx.QueryContext(ctx, `SELECT id, at, user_id, username, action, entity, entity_id, before_json, after_json, request_id, hash
		FROM audit_log ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	prevID, prevHash := start, ""
	h, buf := sha256.New(), make([]byte, 0, sha256.Size)
	var e chainEntry
	for rows.Next() {
		if err := rows.Scan(&e.ID, &e.At, &e.UserID, &e.Username, &e.Action, &e.Entity, &e.EntityID, &e.Before, &e.After, &e.RequestID, &e.Hash); err != nil {
			return nil, err
		}
		if e.ID <= start {
			c.Unchained++
			continue
		}
		if c.Problem = checkLink(&e, prevID, prevHash, c.HeadID, h, buf); c.Problem != nil {
			return c, nil
		}
		if a := anchored[e.ID]; a != nil && a.Hash != e.Hash {
			c.Problem = &AuditProblem{ID: e.ID, Kind: "rewritten", Detail: fmt.Sprintf(
				"its hash differs from the one the checkpoint of %s records: the chain was rebuilt from this entry or one before it", a.At.Format(time.RFC3339))}
			return c, nil
		}
		prevID, prevHash = e.ID, e.Hash
		c.Entries++
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	switch {
	case prevID < c.HeadID:
		c.Problem = &AuditProblem{ID: prevID + 1, Kind: "truncated", Detail: fmt.Sprintf(
			"missing: the log ends at entry %d but the head records entry %d, so the entries after %d were deleted", prevID, c.HeadID, prevID)}
	case prevHash != c.HeadHash:
		c.Problem = &AuditProblem{ID: prevID, Kind: "replaced", Detail: "its hash differs from the one the head records: it was replaced"}
	}
	return c, nil
}

// checkLink checks that e follows the entry prevID with hash prevHash and
// lies within the head.
func checkLink(e *chainEntry, prevID int64, prevHash string, headID int64, h hash.Hash, buf []byte) *AuditProblem {
	switch {
	case e.ID > headID:
		return &AuditProblem{ID: e.ID, Kind: "inserted", Detail: fmt.Sprintf(
			"it comes after the last entry the head records (%d): it was added outside Haki", headID)}
	case e.ID == prevID+2:
		return &AuditProblem{ID: prevID + 1, Kind: "missing", Detail: fmt.Sprintf(
			"it was deleted: the log goes from entry %d to entry %d", prevID, e.ID)}
	case e.ID != prevID+1:
		return &AuditProblem{ID: prevID + 1, Kind: "missing", Detail: fmt.Sprintf(
			"it and the entries up to %d were deleted: the log goes from entry %d to entry %d", e.ID-1, prevID, e.ID)}
	case e.Hash == "":
		return &AuditProblem{ID: e.ID, Kind: "inserted", Detail: "it has no hash: it was added outside Haki"}
	case e.hashWith(h, prevHash, buf) != e.Hash:
		return &AuditProblem{ID: e.ID, Kind: "edited", Detail: fmt.Sprintf(
			"its contents do not match its hash: it was edited or forged (or entry %d before it was rewritten)", prevID)}
	}
	return nil
}

// CheckAuditEntries reports for each of the entries whether it matches its
// hash and links to the entry before it: a quick check for a page of the
// log, not a proof of the whole chain (VerifyAudit).
func (s *Store) CheckAuditEntries(ctx context.Context, ids []int64) (map[int64]bool, error) {
	if !haki.UserFromContext(ctx).Can(haki.PermAudit) {
		return nil, haki.Errorf(haki.EFORBIDDEN, "Only an administrator can read the audit log.")
	}
	out := make(map[int64]bool, len(ids))
	err := s.read(ctx, func(tx *Tx) error {
		var start int64
		if err := tx.queryRow(`SELECT chain_start FROM audit_head WHERE id = 1`).Scan(&start); err != nil {
			return err
		}
		for _, id := range ids {
			if id <= start {
				continue
			}
			var e chainEntry
			if err := tx.queryRow(`SELECT id, at, user_id, username, action, entity, entity_id, before_json, after_json, request_id, hash
				FROM audit_log WHERE id = ?`, id).Scan(&e.ID, &e.At, &e.UserID, &e.Username, &e.Action, &e.Entity, &e.EntityID, &e.Before, &e.After, &e.RequestID, &e.Hash); err != nil {
				return tx.mapErr(err, "audit entry")
			}
			prev := ""
			if id > start+1 {
				if err := tx.queryRow(`SELECT hash FROM audit_log WHERE id = ?`, id-1).Scan(&prev); err != nil {
					out[id] = false
					continue
				}
			}
			out[id] = e.Hash != "" && e.chainHash(prev) == e.Hash
		}
		return nil
	})
	return out, err
}
