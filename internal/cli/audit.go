package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/config"
	"github.com/haki-kenya/haki/internal/csvsafe"
	"github.com/haki-kenya/haki/internal/store"
)

// audit checks the audit log's hash chain (verify) or answers a breach
// question (reads). Like user, it acts as the system.
func (m *Main) audit(ctx context.Context, args []string) error {
	usage := "audit verify [--checkpoint LINE] | checkpoint [--start] | reads --from TIME --to TIME [--user NAME]   [--data DIR | --database URL]"
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintf(m.Stderr, "Usage: haki %s\n\nverify checks that no audit entry was edited, deleted or added outside Haki.\n"+
			"checkpoint checks the log, moves its signed checkpoint (kept outside the database) to the head and prints it\n"+
			"for a copy kept elsewhere; --start starts one where there is none (a database from an older haki).\n"+
			"reads lists, as CSV, the persons whose identifying data each account saw between two times\n"+
			"(TIME is 2026-03-01 or 2026-03-01T14:00:00Z; --to is excluded).\n", usage)
		if len(args) == 0 {
			return ErrUsage
		}
		return nil
	}
	var cfg config.Config
	var from, to, user string
	var anchors checkpointFlag
	var start bool
	fs := m.flags("audit "+args[0], usage)
	m.dataFlags(fs, &cfg)
	switch args[0] {
	case "verify":
		fs.Var(&anchors, "checkpoint", "an audit checkpoint line kept elsewhere the log must still hold; may be repeated")
	case "checkpoint":
		fs.BoolVar(&start, "start", false, "start a checkpoint where there is none")
	}
	if args[0] == "reads" {
		fs.StringVar(&from, "from", "", "start of the window (included)")
		fs.StringVar(&to, "to", "", "end of the window (excluded)")
		fs.StringVar(&user, "user", "", "only this account (user name)")
	}
	if done, err := parse(fs, args[1:]); done {
		return err
	}
	var window [2]time.Time
	switch args[0] {
	case "verify", "checkpoint":
	case "reads":
		for i, v := range []string{from, to} {
			t, err := parseWhen(v)
			if err != nil {
				fmt.Fprintf(m.Stderr, "haki audit reads: %s\n", err)
				return ErrUsage
			}
			window[i] = t
		}
	default:
		fmt.Fprintf(m.Stderr, "haki audit: unknown action %q\n", args[0])
		return ErrUsage
	}
	s, err := m.openStore(ctx, &cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	ctx = haki.SystemContext(ctx)
	switch args[0] {
	case "verify":
		return m.auditVerify(ctx, s, anchors)
	case "checkpoint":
		return m.auditCheckpoint(ctx, s, start)
	}
	userID := ""
	if user != "" {
		u, err := s.FindUserByUsername(ctx, user)
		if err != nil {
			return err
		}
		userID = u.ID
	}
	return m.auditReads(ctx, s, window[0], window[1], userID)
}

// parseWhen reads a day (midnight UTC) or an RFC 3339 time.
func parseWhen(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, fmt.Errorf("give both --from and --to")
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return t, fmt.Errorf("%q is neither a day (2026-03-01) nor a time (2026-03-01T14:00:00Z)", s)
	}
	return t, nil
}

func (m *Main) auditVerify(ctx context.Context, s *store.Store, anchors []*store.AuditCheckpoint) error {
	start := time.Now()
	c, err := s.VerifyAudit(ctx, anchors...)
	if err != nil {
		return err
	}
	if c.Problem != nil {
		return fmt.Errorf("the audit log was tampered with: %w (%d entries checked before it)", c.Problem, c.Entries)
	}
	fmt.Fprintf(m.Stdout, "The audit log is intact: %d entries checked in %s.\nHead: entry %d, hash %s\n",
		c.Entries, time.Since(start).Round(time.Millisecond), c.HeadID, c.HeadHash)
	if c.Unchained > 0 {
		fmt.Fprintf(m.Stdout, "%d older entries were written before the chain began and cannot be checked.\n", c.Unchained)
	}
	if c.Checkpoint != nil {
		fmt.Fprintf(m.Stdout, "Held against the checkpoint of %s (entry %d).\n", c.Checkpoint.At.Format(time.RFC3339), c.Checkpoint.Last)
	}
	fmt.Fprintln(m.Stdout, "Keep a copy of the head elsewhere: a later head must continue from it.")
	return nil
}

// auditCheckpoint checks the log against its checkpoint and moves the
// checkpoint to the head, or with start begins one where there is none.
func (m *Main) auditCheckpoint(ctx context.Context, s *store.Store, start bool) error {
	var c *store.AuditCheckpoint
	var err error
	if start {
		c, err = s.StartAuditCheckpoint(ctx, false)
	} else {
		var chain *store.AuditChain
		if chain, err = s.VerifyAudit(ctx); err == nil && chain.Problem != nil {
			err = fmt.Errorf("the checkpoint was not moved: %w", chain.Problem)
		}
		if err == nil {
			c, err = s.WriteAuditCheckpoint(ctx)
		}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "Audit checkpoint in %s (keep a copy elsewhere; haki verify --checkpoint LINE checks against it):\n%s\n", s.AuditCheckpointPath(), c)
	return nil
}

func (m *Main) auditReads(ctx context.Context, s *store.Store, from, to time.Time, userID string) error {
	reads, err := s.FindIdentityReads(ctx, from, to, userID)
	if err != nil {
		return err
	}
	w := csvsafe.NewWriter(m.Stdout)
	w.Write([]string{"username", "user_id", "person_ref", "person_id", "at", "action", "purpose", "audit_entry"})
	for _, r := range reads {
		w.Write([]string{r.Username, r.UserID, r.PersonRef, r.PersonID, r.At.UTC().Format(time.RFC3339), r.Action, r.Purpose, fmt.Sprint(r.EntryID)})
	}
	w.Flush()
	return w.Error()
}
