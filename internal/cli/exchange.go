package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/config"
	"github.com/haki-kenya/haki/internal/store"
)

// exchangeCmd exchanges verified incidents with another Haki instance of
// the coalition: id prints this instance's identity (what partners name
// with --trust), export writes the signed document (haki.Exchange),
// import checks one's signature and writes its incidents through the
// batch engine. It acts as the system; exports and imports are audited.
func (m *Main) exchangeCmd(ctx context.Context, args []string) error {
	usage := "exchange id | export [--out FILE] | import --trust ID[,ID] [--dry-run] [--valid-only] FILE   [--data DIR | --database URL]"
	if len(args) == 0 || (args[0] != "id" && args[0] != "export" && args[0] != "import") {
		fmt.Fprintf(m.Stderr, "Usage: haki %s\n", usage)
		return ErrUsage
	}
	action, args := args[0], args[1:]
	var cfg config.Config
	var out, trust string
	var opt store.BatchOptions
	fs := m.flags("exchange "+action, usage)
	m.dataFlags(fs, &cfg)
	var file string
	switch action {
	case "import":
		fs.StringVar(&trust, "trust", "", "the identities of the instances whose documents you accept, separated by commas")
		fs.BoolVar(&opt.DryRun, "dry-run", false, "check the document and say what it would do, writing nothing")
		fs.BoolVar(&opt.ValidOnly, "valid-only", false, "write the valid incidents and report the others (default: all or nothing)")
		var done bool
		var err error
		if file, done, err = parseFile(fs, args); done {
			return err
		}
	default:
		fs.StringVar(&out, "out", "", "export: the file to write (default: standard output)")
		if done, err := parse(fs, args); done {
			return err
		}
	}
	s, err := m.openStore(ctx, &cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	ctx = haki.SystemContext(ctx)
	switch action {
	case "id":
		id, err := s.Instance(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintln(m.Stdout, id)
		return nil
	case "export":
		e, err := s.ExportExchange(ctx)
		if err != nil {
			return err
		}
		b, err := json.MarshalIndent(e, "", " ")
		if err != nil {
			return err
		}
		if out == "" {
			_, err = m.Stdout.Write(append(b, '\n'))
			return err
		}
		if err := os.WriteFile(out, append(b, '\n'), 0o600); err != nil {
			return err
		}
		fmt.Fprintf(m.Stderr, "Exported %d verified incidents as instance %s.\n", len(e.Batch.Incidents), e.Instance)
		return nil
	}
	raw, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	var e haki.Exchange
	if err := json.Unmarshal(raw, &e); err != nil {
		return fmt.Errorf("%s is not an exchange document: %w", file, err)
	}
	res, err := s.ImportExchange(ctx, &e, strings.Split(trust, ","), opt)
	if res != nil {
		fmt.Fprintf(m.Stdout, "created %d, updated %d, unchanged %d, rejected %d%s\n", res.Created, res.Updated, res.Unchanged, res.Rejected,
			map[bool]string{true: " (dry run: nothing written)", false: ""}[opt.DryRun])
		for _, row := range res.Rows {
			for field, msg := range row.Problems {
				fmt.Fprintf(m.Stdout, "row %d (%s): %s: %s\n", row.Index, row.ExternalID, field, msg)
			}
		}
	}
	return err
}
