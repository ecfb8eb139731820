package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/config"
)

// retention reports, per record type, what the retention periods would
// remove now. Only the dry run exists: Haki does not purge yet, so the
// flag is required to make that plain to whoever scripts it.
func (m *Main) retention(ctx context.Context, args []string) error {
	usage := "retention --dry-run   [--data DIR | --database URL]"
	var cfg config.Config
	var dryRun bool
	fs := m.flags("retention", usage)
	m.dataFlags(fs, &cfg)
	fs.BoolVar(&dryRun, "dry-run", false, "report what would be removed, removing nothing (the only mode)")
	if done, err := parse(fs, args); done {
		return err
	}
	if !dryRun {
		fmt.Fprintf(m.Stderr, "haki retention: only --dry-run is implemented; nothing is ever removed\nUsage: haki %s\n", usage)
		return ErrUsage
	}
	s, err := m.openStore(ctx, &cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	due, err := s.FindRetentionDue(haki.SystemContext(ctx))
	if err != nil {
		return err
	}
	fmt.Fprintln(m.Stdout, "Dry run: nothing was removed.")
	for _, d := range due {
		fmt.Fprintf(m.Stdout, "%s: %d older than %s (%d years), %d kept by a legal hold\n",
			d.RecordType, d.Count, d.Before.Format("2006-01-02"), d.Years, d.Held)
		if len(d.Refs) > 0 {
			fmt.Fprintf(m.Stdout, "  %s\n", strings.Join(d.Refs, " "))
		}
	}
	return nil
}
