package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/vault"
)

// The audit chain proves that no entry was changed between its start and
// its head, but both live in the database: whoever can write there can move
// chain_start past every entry, or cut the tail and move the head back, and
// the chain still checks. An audit checkpoint anchors it from outside: the
// chain's start, an entry's id and hash and the time, MAC'd under a key
// derived from the master key, in a file outside the database. A later
// chain must start where the checkpoint says, reach at least its entry,
// and hold the same hash there. The file moves forward after a commit that
// takes the chain checkpointInterval entries or checkpointAge past it, so
// a write pays for it only now and then; a copy printed by `haki audit
// checkpoint` and kept elsewhere guards against the file itself being
// replaced by an older one or deleted.

// checkpointInterval and checkpointAge say how far the chain may run ahead
// of the file: what an attacker who rewrites the database could rebuild
// unseen.
const (
	checkpointInterval = 256
	checkpointAge      = time.Minute
)

// checkpointPurpose keys the checkpoint's MAC.
const checkpointPurpose = "audit checkpoint"

// checkpointMagic starts the one line of a checkpoint.
const checkpointMagic = "haki-audit-checkpoint-v1"

// AuditCheckpoint is a signed record of the audit chain at one time.
type AuditCheckpoint struct {
	Start int64     // the chain's start (audit_head.chain_start)
	Last  int64     // the last entry then
	Hash  string    // its hash (auditGenesis when the chain was empty)
	At    time.Time // when it was taken
	Key   string    // the id of the master key that signed it
	MAC   string
}

// signed is the text the MAC covers.
func (c *AuditCheckpoint) signed() string {
	return fmt.Sprintf("%s start=%d last=%d hash=%s at=%s", checkpointMagic, c.Start, c.Last, c.Hash, c.At.UTC().Format(time.RFC3339))
}

// String is the checkpoint's one line, as the file holds it and commands
// print it for copies kept elsewhere.
func (c *AuditCheckpoint) String() string {
	return c.signed() + " key=" + c.Key + " mac=" + c.MAC
}

// ParseAuditCheckpoint reads the line String wrote.
func ParseAuditCheckpoint(line string) (*AuditCheckpoint, error) {
	f := strings.Fields(line)
	bad := haki.Errorf(haki.EINVALID, "Not an audit checkpoint line: expected haki-audit-checkpoint-v1 start=N last=N hash=HEX at=TIME key=ID mac=HEX.")
	if len(f) != 7 || f[0] != checkpointMagic {
		return nil, bad
	}
	c := &AuditCheckpoint{}
	for i, name := range []string{"start", "last", "hash", "at", "key", "mac"} {
		v, ok := strings.CutPrefix(f[i+1], name+"=")
		if !ok || v == "" {
			return nil, bad
		}
		var err error
		switch name {
		case "start":
			c.Start, err = strconv.ParseInt(v, 10, 64)
		case "last":
			c.Last, err = strconv.ParseInt(v, 10, 64)
		case "hash":
			c.Hash = v
			if len(v) != len(auditGenesis) {
				err = errors.New("short")
			}
		case "at":
			c.At, err = time.Parse(time.RFC3339, v)
		case "key":
			c.Key = v
		case "mac":
			c.MAC = v
		}
		if err != nil {
			return nil, bad
		}
	}
	if c.Start < 0 || c.Last < c.Start {
		return nil, bad
	}
	return c, nil
}

// checkpointFile is where the store keeps its checkpoint, and the last one
// it knows of, so a commit compares two numbers and touches no file.
type checkpointFile struct {
	path string
	mu   sync.Mutex
	last *AuditCheckpoint // nil: not read yet, or no file
	read time.Time        // when the file was last looked for
}

// UseAuditCheckpoint makes the store keep its audit checkpoint in the file
// at path, outside the database. Call it before Migrate, which starts the
// checkpoint of a new database; an existing database without one is
// reported by VerifyAudit until StartAuditCheckpoint is run.
func (s *Store) UseAuditCheckpoint(path string) {
	s.checkpoint = &checkpointFile{path: path}
}

// AuditCheckpointPath returns the file the checkpoint is kept in, or "".
func (s *Store) AuditCheckpointPath() string {
	if s.checkpoint == nil {
		return ""
	}
	return s.checkpoint.path
}

// chainHead is the audit head as a transaction left it.
type chainHead struct {
	start, last int64
	hash        string
}

// advanceCheckpoint runs after a commit that appended to the chain: when
// the chain ran far enough past the file, the file moves to head. A
// failure leaves the old checkpoint, which stays true, and the next commit
// tries again; the write it follows is not undone.
func (s *Store) advanceCheckpoint(h chainHead, now time.Time) {
	cf := s.checkpoint
	if cf == nil {
		return
	}
	cf.mu.Lock()
	defer cf.mu.Unlock()
	if cf.last == nil {
		if now.Sub(cf.read) < checkpointAge && !cf.read.IsZero() {
			return
		}
		cf.read = now
		if cf.last, _ = readCheckpoint(cf.path); cf.last == nil {
			return // never started: VerifyAudit says so
		}
	}
	if h.start != cf.last.Start || (h.last < cf.last.Last+checkpointInterval && now.Sub(cf.last.At) < checkpointAge) || h.last <= cf.last.Last {
		return
	}
	s.writeCheckpointLocked(h, now, false)
}

// writeCheckpointLocked signs head and writes it over the file, unless the
// file (another process's) is already further along and force is not set.
// cf.mu is held.
func (s *Store) writeCheckpointLocked(h chainHead, now time.Time, force bool) (*AuditCheckpoint, error) {
	cf := s.checkpoint
	if onDisk, err := readCheckpoint(cf.path); !force && err == nil && onDisk.Start == h.start && onDisk.Last >= h.last {
		cf.last = onDisk
		return onDisk, nil
	}
	c := &AuditCheckpoint{Start: h.start, Last: h.last, Hash: h.hash, At: now.UTC().Truncate(time.Second)}
	if c.Hash == "" {
		c.Hash = auditGenesis
	}
	c.Key, c.MAC = s.keys.Sign(checkpointPurpose, []byte(c.signed()))
	if err := writeFileAtomically(cf.path, []byte(c.String()+"\n")); err != nil {
		return nil, fmt.Errorf("audit checkpoint %s: %w", cf.path, err)
	}
	cf.last = c
	return c, nil
}

// readCheckpoint reads the checkpoint file; a missing file is fs.ErrNotExist.
func readCheckpoint(path string) (*AuditCheckpoint, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseAuditCheckpoint(string(b))
}

// writeFileAtomically writes b to a temporary file beside path, syncs it
// and renames it over path, so a crash leaves the old file or the new one.
func writeFileAtomically(path string, b []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	syncDir(dir)
	return nil
}

// checkAnchor checks a checkpoint's signature; an anchor from the command
// line signed with a key since rotated away is still used, unsigned.
func (s *Store) checkAnchor(c *AuditCheckpoint, fromFile bool) *AuditProblem {
	err := s.keys.Verify(c.Key, checkpointPurpose, []byte(c.signed()), c.MAC)
	if err == nil || (!fromFile && errors.Is(err, vault.ErrUnknownSigner)) {
		return nil
	}
	return &AuditProblem{Kind: "forged checkpoint", Detail: fmt.Sprintf(
		"the checkpoint of %s does not carry a valid signature of this master key (%v): it was altered or made elsewhere", c.At.Format(time.RFC3339), err)}
}

// anchorProblem compares the head with a checkpoint, before the walk: the
// walk then finds the checkpoint's entry and compares its hash.
func anchorProblem(c *AuditCheckpoint, start, headID int64) *AuditProblem {
	at := c.At.Format(time.RFC3339)
	switch {
	case start != c.Start:
		return &AuditProblem{ID: start, Kind: "rewound", Detail: fmt.Sprintf(
			"the head says the checked chain starts after entry %d, but the checkpoint of %s says after entry %d: the head was rewritten, so entries escape the check", start, at, c.Start)}
	case headID < c.Last:
		return &AuditProblem{ID: headID + 1, Kind: "truncated", Detail: fmt.Sprintf(
			"the log ends at entry %d but the checkpoint of %s records entry %d: the entries after %d were deleted and the head moved back", headID, at, c.Last, headID)}
	}
	return nil
}

// StartAuditCheckpoint checks the chain as it stands and writes a
// checkpoint of its head where there is none (a database from before
// checkpoints, or one moved here). With restart it replaces one that
// describes another database (after a restore). It fails when the chain
// does not hold, or holds against no checkpoint because the file is there
// and restart is not set: then there is nothing to start. The system only;
// a start is audited, a restart after a restore is not, so the restored
// database stays exactly the backup's.
func (s *Store) StartAuditCheckpoint(ctx context.Context, restart bool) (*AuditCheckpoint, error) {
	if haki.UserFromContext(ctx) != haki.SystemUser {
		return nil, haki.Errorf(haki.EFORBIDDEN, "Only a command run on the server can start the audit checkpoint.")
	}
	if s.checkpoint == nil {
		return nil, errors.New("no audit checkpoint file is configured")
	}
	_, err := readCheckpoint(s.checkpoint.path)
	missing := errors.Is(err, fs.ErrNotExist)
	if !missing && !restart {
		return nil, fmt.Errorf("the audit checkpoint %s exists: haki audit checkpoint moves it forward; only after a restore is it started again", s.checkpoint.path)
	}
	chain, err := s.verifyChain(ctx, nil)
	if err != nil {
		return nil, err
	}
	if chain.Problem != nil {
		return nil, fmt.Errorf("the audit log does not hold, so no checkpoint was written: %w", chain.Problem)
	}
	if !restart {
		// A restore is left exactly as the backup was: it is not audited.
		if err := s.Audit(ctx, "checkpoint", "audit_log", "", map[string]any{"started": true, "head": chain.HeadID}); err != nil {
			return nil, err
		}
	}
	return s.saveCheckpoint(ctx, true)
}

// WriteAuditCheckpoint moves the checkpoint file to the chain's head now
// (verify and backup do, besides the commits that pass an interval). A
// missing file is not created: StartAuditCheckpoint does that.
func (s *Store) WriteAuditCheckpoint(ctx context.Context) (*AuditCheckpoint, error) {
	if s.checkpoint == nil {
		return nil, errors.New("no audit checkpoint file is configured")
	}
	return s.saveCheckpoint(ctx, false)
}

// saveCheckpoint signs the head and writes it; create (a start) makes or
// replaces the file, otherwise a missing file is an error.
func (s *Store) saveCheckpoint(ctx context.Context, create bool) (*AuditCheckpoint, error) {
	var h chainHead
	if err := s.rdb.QueryRowContext(ctx, `SELECT chain_start, last_id, last_hash FROM audit_head WHERE id = 1`).Scan(&h.start, &h.last, &h.hash); err != nil {
		return nil, fmt.Errorf("audit head: %w", err)
	}
	cf := s.checkpoint
	cf.mu.Lock()
	defer cf.mu.Unlock()
	if !create {
		if _, err := readCheckpoint(cf.path); err != nil {
			return nil, fmt.Errorf("audit checkpoint %s: %w", cf.path, err)
		}
	}
	return s.writeCheckpointLocked(h, s.Now(), create)
}

// resignCheckpoint signs the checkpoint file again with the current master
// key, before a rotation drops the key that signed it. A file whose
// signature does not hold is left as it is, for VerifyAudit to report.
func (s *Store) resignCheckpoint() error {
	cf := s.checkpoint
	if cf == nil {
		return nil
	}
	cf.mu.Lock()
	defer cf.mu.Unlock()
	c, err := readCheckpoint(cf.path)
	if err != nil || s.checkAnchor(c, true) != nil {
		return nil
	}
	c.Key, c.MAC = s.keys.Sign(checkpointPurpose, []byte(c.signed()))
	if err := writeFileAtomically(cf.path, []byte(c.String()+"\n")); err != nil {
		return fmt.Errorf("audit checkpoint %s: %w", cf.path, err)
	}
	cf.last = c
	return nil
}
