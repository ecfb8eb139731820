package cli

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/config"
	"github.com/haki-kenya/haki/internal/store"
)

// errVerify is returned when verify found a problem; the report says which.
var errVerify = errors.New("verify found problems")

// verify re-checks what Haki keeps: the audit log's hash chain, the
// database's own integrity, the reports' summary against the records, and
// every evidence file (it exists, decrypts, and has the SHA-256 taken at
// upload), and the files a crash left in the evidence folder. It prints a
// report and fails on any problem; with --rebuild-reports it makes a
// summary that differs again instead, with --remove-orphans it removes
// the files left by crashes. Like audit, it acts as the system.
func (m *Main) verify(ctx context.Context, args []string) error {
	var cfg config.Config
	fs := m.flags("verify", "verify [--data DIR | --database URL] [--evidence-dir DIR] [--rebuild-reports] [--remove-orphans] [--checkpoint LINE]")
	m.dataFlags(fs, &cfg)
	rebuild := fs.Bool("rebuild-reports", false, "make the reports' summary again from the records if it differs")
	removeOrphans := fs.Bool("remove-orphans", false, "remove the files a crash left in the evidence folder (older than an hour; audited)")
	var anchors checkpointFlag
	fs.Var(&anchors, "checkpoint", "an audit checkpoint line kept elsewhere (from haki audit checkpoint) the log must still hold; may be repeated")
	if done, err := parse(fs, args); done {
		return err
	}
	if cfg.EvidencePath() == "" {
		return errors.New("with --database and no --data, give --evidence-dir (or HAKI_EVIDENCE_DIR)")
	}
	s, err := m.openStore(ctx, &cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	ctx = haki.SystemContext(ctx)
	failed := false

	if !m.verifyAuditChain(ctx, s, anchors) {
		failed = true
	}

	problems, err := s.CheckIntegrity(ctx)
	if err != nil {
		return err
	}
	for _, p := range problems {
		fmt.Fprintf(m.Stdout, "database: %s\n", p)
	}
	if len(problems) > 0 {
		failed = true
	} else {
		fmt.Fprintf(m.Stdout, "database: %s integrity and foreign keys hold\n", s.Dialect())
	}

	cells, stale, err := s.VerifyReportSummary(ctx)
	if err != nil {
		return err
	}
	switch {
	case len(stale) == 0:
		fmt.Fprintf(m.Stdout, "report summary: matches the records, %d cells\n", cells)
	case *rebuild:
		if err := s.RebuildReportSummary(ctx); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "report summary: %d cells differed from the records; made again from the records\n", len(stale))
	default:
		failed = true
		for _, p := range stale[:min(len(stale), 20)] {
			fmt.Fprintf(m.Stdout, "report summary: %s\n", p)
		}
		fmt.Fprintf(m.Stdout, "report summary: %d cells differ from the records; haki verify --rebuild-reports makes it again\n", len(stale))
	}

	n, bad, err := s.Evidence(cfg.EvidencePath()).VerifyEvidence(ctx)
	if err != nil {
		return err
	}
	for _, p := range bad {
		fmt.Fprintf(m.Stdout, "evidence %s: FAILED: %s\n", p.ID, p.Detail)
	}
	fmt.Fprintf(m.Stdout, "evidence: %d files checked, %d failed\n", n, len(bad))
	if !m.verifyOrphans(ctx, s.Evidence(cfg.EvidencePath()), *removeOrphans) {
		failed = true
	}
	if failed || len(bad) > 0 {
		return errVerify
	}
	return nil
}

// verifyAuditChain checks the audit log against its checkpoints, prints
// what it found and, when the log holds, moves the checkpoint forward and
// prints it for a copy kept elsewhere.
func (m *Main) verifyAuditChain(ctx context.Context, s *store.Store, anchors checkpointFlag) bool {
	chain, err := s.VerifyAudit(ctx, anchors...)
	if err != nil {
		fmt.Fprintf(m.Stdout, "audit log: cannot check: %v\n", err)
		return false
	}
	if p := chain.Problem; p != nil {
		if p.Kind == "unanchored" || p.ID == 0 {
			fmt.Fprintf(m.Stdout, "audit log: NOT ANCHORED (%s): %s\n", p.Kind, p.Detail)
		} else {
			fmt.Fprintf(m.Stdout, "audit log: BROKEN at entry %d (%s): %s\n", p.ID, p.Kind, p.Detail)
		}
		return false
	}
	fmt.Fprintf(m.Stdout, "audit log: intact, %d entries, held against %d checkpoints\n", chain.Entries, chain.Anchors)
	c, err := s.WriteAuditCheckpoint(ctx)
	if err != nil {
		fmt.Fprintf(m.Stdout, "audit checkpoint: not moved forward: %v\n", err)
		return false
	}
	fmt.Fprintf(m.Stdout, "audit checkpoint (keep a copy elsewhere): %s\n", c)
	return true
}

// checkpointFlag collects --checkpoint lines.
type checkpointFlag []*store.AuditCheckpoint

func (f *checkpointFlag) String() string { return "" }

// Set reads one checkpoint line.
func (f *checkpointFlag) Set(v string) error {
	c, err := store.ParseAuditCheckpoint(v)
	if err != nil {
		return err
	}
	*f = append(*f, c)
	return nil
}

// verifyOrphans reports the files of the evidence folder no record holds,
// and with remove removes those old enough to be left by a crash. It
// reports false when some are left that should not be.
func (m *Main) verifyOrphans(ctx context.Context, ev *store.EvidenceStore, remove bool) bool {
	orphans, err := ev.FindEvidenceOrphans(ctx)
	if err != nil {
		fmt.Fprintf(m.Stdout, "evidence folder: cannot list: %v\n", err)
		return false
	}
	if remove {
		removed, err := ev.RemoveEvidenceOrphans(ctx)
		if err != nil {
			fmt.Fprintf(m.Stdout, "evidence folder: removing orphans failed: %v\n", err)
			return false
		}
		fmt.Fprintf(m.Stdout, "evidence folder: removed %d files left by crashes (audited)\n", len(removed))
		if orphans, err = ev.FindEvidenceOrphans(ctx); err != nil {
			fmt.Fprintf(m.Stdout, "evidence folder: cannot list: %v\n", err)
			return false
		}
	}
	count := map[string]int{}
	fresh, stale := 0, 0
	for i, o := range orphans {
		count[o.Kind]++
		switch {
		case o.Fresh:
			fresh++
		case o.Kind != store.OrphanUnknown:
			stale++
		}
		if i < 20 {
			note := ""
			if o.Fresh {
				note = ", newer than an hour: maybe an upload in progress, left alone"
			}
			fmt.Fprintf(m.Stdout, "evidence folder: %s file %s (%d bytes, %s%s)\n", o.Kind, o.Path, o.Size, o.Modified.UTC().Format(time.RFC3339), note)
		}
	}
	fmt.Fprintf(m.Stdout, "evidence folder: %d orphan files with no record, %d temporary files, %d unknown files; %d newer than an hour\n",
		count[store.OrphanFile], count[store.OrphanTemporary], count[store.OrphanUnknown], fresh)
	if stale > 0 {
		fmt.Fprintf(m.Stdout, "evidence folder: %d files were left by crashes and hold nothing readable; haki verify --remove-orphans removes them\n", stale)
		return false
	}
	return true
}
