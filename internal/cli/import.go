package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/config"
	"github.com/haki-kenya/haki/internal/importer"
)

// importFile imports a spreadsheet (CSV or XLSX) with a mapping file: a
// dry run, all or nothing, or only the valid rows; progress on stderr;
// Ctrl-C rolls back.
func (m *Main) importFile(ctx context.Context, args []string) error {
	usage := "import --type incidents --mapping FILE.json [--dry-run] [--valid-only] [--rejected OUT.csv] FILE   [--data DIR | --database URL]"
	var cfg config.Config
	fs := m.flags("import", usage)
	m.dataFlags(fs, &cfg)
	typ := fs.String("type", "incidents", "what each row is: "+strings.Join(importer.AllTypes, ", ")+" (only incidents can be imported yet)")
	mappingFile := fs.String("mapping", "", "the mapping: which column is which field (docs/IMPORT.md)")
	dryRun := fs.Bool("dry-run", false, "check every row and say what would be created, updated or rejected; write nothing")
	validOnly := fs.Bool("valid-only", false, "write the valid rows and skip the rejected ones (default: all or nothing)")
	rejected := fs.String("rejected", "", "write the rejected rows here as CSV, each with its reason")
	quiet := fs.Bool("quiet", false, "no progress on stderr")
	file, done, err := parseFile(fs, args)
	if done {
		return err
	}
	bad := func(msg string) error {
		fmt.Fprintf(m.Stderr, "haki import: %s\nUsage: haki %s\n", msg, usage)
		return ErrUsage
	}
	switch {
	case !slices.Contains(importer.AllTypes, *typ):
		return bad("--type is one of " + strings.Join(importer.AllTypes, ", "))
	case !slices.Contains(importer.Types, *typ):
		return bad(fmt.Sprintf("%s cannot be imported yet: only %s can (with their victims, perpetrators and sources)", *typ, strings.Join(importer.Types, ", ")))
	case *mappingFile == "":
		return bad("--mapping FILE.json is required")
	}
	mapping, err := readMapping(*mappingFile)
	if err != nil {
		return err
	}
	if mapping.Type != *typ {
		return bad(fmt.Sprintf("the mapping is for %s, not %s", mapping.Type, *typ))
	}
	s, err := m.openStore(ctx, &cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	sys := haki.SystemContext(ctx)
	ref, err := importer.LoadReference(sys, s, mapping.CountryCode(), time.Now())
	if err != nil {
		return err
	}
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	size := int64(0)
	if fi, err := f.Stat(); err == nil {
		size = fi.Size()
	}
	counted := &countingReader{r: f}
	t, err := importer.Open(counted)
	if err != nil {
		return err
	}
	defer t.Close()
	c, err := importer.Compile(mapping, t.Header, ref)
	if err != nil {
		return err
	}
	opt := importer.Options{DryRun: *dryRun, ValidOnly: *validOnly}
	start := time.Now()
	if !*quiet {
		last := time.Time{}
		opt.Progress = func(rows int) {
			if now := time.Now(); now.Sub(last) >= 500*time.Millisecond {
				last = now
				fmt.Fprintf(m.Stderr, "\r%s", progressLine(rows, counted.n.Load(), size, now.Sub(start)))
			}
		}
	}
	rep, err := importer.Run(sys, t, c, importer.StoreApply(s), opt)
	if !*quiet && rep != nil {
		fmt.Fprintf(m.Stderr, "\r%s\n", progressLine(rep.Rows, size, size, time.Since(start)))
	}
	if rep != nil {
		m.printImport(rep, err)
		if *rejected != "" && len(rep.Reasons) > 0 {
			if werr := writeRejected(file, *rejected, rep.Reasons); werr != nil {
				return werr
			}
			fmt.Fprintf(m.Stdout, "The %d rejected rows, each with its reason, are in %s.\n", len(rep.Reasons), *rejected)
		}
	}
	if errors.Is(err, context.Canceled) {
		return fmt.Errorf("import cancelled: nothing was written")
	}
	return err
}

func readMapping(name string) (*importer.Mapping, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	m, err := importer.ParseMapping(b)
	if err != nil {
		var e *haki.Error
		if errors.As(err, &e) && len(e.Fields) > 0 {
			var lines []string
			for f, msg := range e.Fields {
				lines = append(lines, "  "+f+": "+msg)
			}
			slices.Sort(lines)
			return nil, fmt.Errorf("mapping %s: %s\n%s", name, e.Message, strings.Join(lines, "\n"))
		}
		return nil, fmt.Errorf("mapping %s: %w", name, err)
	}
	return m, nil
}

// progressLine says how far an import is: rows, rows a second, and the
// share of the file read.
func progressLine(rows int, read, size int64, took time.Duration) string {
	rate := 0.0
	if took > 0 {
		rate = float64(rows) / took.Seconds()
	}
	pct := 100.0
	if size > 0 {
		pct = min(100, 100*float64(read)/float64(size))
	}
	return fmt.Sprintf("%d rows read (%.0f%% of the file), %.0f rows/s", rows, pct, rate)
}

// printImport writes the report: the counts and the first issues.
func (m *Main) printImport(rep *importer.Report, err error) {
	w := m.Stdout
	switch {
	case rep.DryRun:
		fmt.Fprintf(w, "Dry run, nothing written: %d rows read, %d valid (%d would be created, %d updated, %d unchanged), %d rejected, %d warnings.\n",
			rep.Rows, rep.Valid, rep.Created, rep.Updated, rep.Unchanged, rep.Rejected, rep.Warnings)
	case rep.Committed:
		fmt.Fprintf(w, "Imported: %d rows read, %d created, %d updated, %d unchanged, %d rejected (not written), %d warnings.\n",
			rep.Rows, rep.Created, rep.Updated, rep.Unchanged, rep.Rejected, rep.Warnings)
	default:
		fmt.Fprintf(w, "Nothing was written: %d rows read, %d rejected. Fix them, or run with --valid-only to write the %d valid rows.\n",
			rep.Rows, rep.Rejected, rep.Valid)
	}
	// The rejected rows first, then the notes.
	shown := 0
	for _, warning := range []bool{false, true} {
		for _, i := range rep.Issues {
			if i.Warning != warning {
				continue
			}
			if shown == 20 {
				fmt.Fprintf(w, "… and more (--rejected FILE writes every rejected row with its reason).\n")
				return
			}
			kind := "rejected"
			if i.Warning {
				kind = "note"
			}
			fmt.Fprintf(w, "row %d %s: %s", i.Row, kind, i.Field)
			if i.Column != "" {
				fmt.Fprintf(w, " (column %q, value %q)", i.Column, i.Value)
			}
			fmt.Fprintf(w, ": %s\n", i.Message)
			shown++
		}
	}
}

func writeRejected(in, out string, reasons map[int]string) error {
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	t, err := importer.Open(f)
	if err != nil {
		return err
	}
	defer t.Close()
	o, err := os.OpenFile(out, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if err := importer.WriteRejected(o, t, reasons); err != nil {
		o.Close()
		return err
	}
	return o.Close()
}

// countingReader counts the bytes read, for the progress line.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}
