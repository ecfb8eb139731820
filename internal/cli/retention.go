package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/config"
	"github.com/haki-kenya/haki/internal/store"
)

// retention shows the retention periods with what is past them (show, or
// run --dry-run), sets a period (set TYPE YEARS), or anonymises and deletes
// what is past them (run --yes). Like user, it acts as the system; every
// change is audited.
func (m *Main) retention(ctx context.Context, args []string) error {
	usage := "retention show | set TYPE YEARS | run (--dry-run | --yes)   [--data DIR | --database URL]"
	var action string
	var positional []string
	for len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		positional, args = append(positional, args[0]), args[1:]
	}
	if len(positional) > 0 {
		action, positional = positional[0], positional[1:]
	}
	var cfg config.Config
	var dryRun, yes bool
	fs := m.flags("retention "+action, usage)
	m.dataFlags(fs, &cfg)
	fs.BoolVar(&dryRun, "dry-run", false, "report what would be anonymised or deleted, changing nothing")
	fs.BoolVar(&yes, "yes", false, "run: anonymise and delete what is past its period (cannot be undone)")
	if done, err := parse(fs, args); done {
		return err
	}
	if action == "" && dryRun {
		action = "show" // the old form, haki retention --dry-run
	}
	var recordType string
	var years int
	switch action {
	case "show":
	case "run":
		if len(positional)+fs.NArg() > 0 {
			fmt.Fprintf(m.Stderr, "Usage: haki %s\n", usage)
			return ErrUsage
		}
		if dryRun == yes {
			fmt.Fprintf(m.Stderr, "haki retention run: give --dry-run to see what would go, or --yes to anonymise and delete it\nUsage: haki %s\n", usage)
			return ErrUsage
		}
	case "set":
		positional = append(positional, fs.Args()...)
		var err error
		if len(positional) == 2 {
			years, err = strconv.Atoi(positional[1])
		}
		if len(positional) != 2 || err != nil {
			fmt.Fprintf(m.Stderr, "haki retention set: give a record type and a number of years\nUsage: haki %s\n", usage)
			return ErrUsage
		}
		recordType = positional[0]
	default:
		fmt.Fprintf(m.Stderr, "Usage: haki %s\n", usage)
		return ErrUsage
	}
	s, err := m.openStore(ctx, &cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	ctx = haki.SystemContext(ctx)
	switch {
	case action == "set":
		if err := s.SetRetentionYears(ctx, recordType, years); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "%s: kept %d years.\n", recordType, years)
		return nil
	case action == "run" && yes:
		ran, err := s.RunRetention(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintln(m.Stdout, "Retention run: what passed its period was anonymised or deleted (audited).")
		m.printRetention(ran)
		return nil
	}
	return m.showRetention(ctx, s)
}

func (m *Main) showRetention(ctx context.Context, s *store.Store) error {
	due, err := s.FindRetentionDue(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintln(m.Stdout, "Dry run: nothing was removed.")
	m.printRetention(due)
	return nil
}

func (m *Main) printRetention(due []haki.RetentionDue) {
	for _, d := range due {
		fmt.Fprintf(m.Stdout, "%s: %d older than %s (%d years), %d kept by a legal hold; %s", d.RecordType, d.Count,
			d.Before.Format("2006-01-02"), d.Years, d.Held, d.Action)
		if d.Done > 0 || d.Action != haki.RetentionReport {
			fmt.Fprintf(m.Stdout, ", %d done", d.Done)
		}
		fmt.Fprintln(m.Stdout)
		if len(d.Refs) > 0 {
			fmt.Fprintf(m.Stdout, "  %s\n", strings.Join(d.Refs, " "))
		}
	}
}
