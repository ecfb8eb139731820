package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"slices"
	"strings"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/config"
	"github.com/haki-kenya/haki/internal/store"
)

// extract writes the de-identified, k-anonymous research extract (one row
// per victim, codes only) to a file or stdout. With CSV the note of what
// was done and what it cost goes beside the file as FILE.note.json; a
// summary of it goes to stderr either way. The extract is audited.
func (m *Main) extract(ctx context.Context, args []string) error {
	usage := "extract --from DATE --to DATE [--k 5] [--qi county,sex,age_band] [--type T1,T2] [--county C]\n" +
		"       [--strategy generalise|suppress] [--max-suppressed PERCENT] [--format csv|json] [--out FILE]   [--data DIR | --database URL]\n" +
		"       quasi-identifiers: county, sex, age_band, month, incident_type, service"
	var cfg config.Config
	fs := m.flags("extract", usage)
	m.dataFlags(fs, &cfg)
	v := url.Values{}
	for _, f := range []struct{ name, query, help string }{
		{"from", "from", "first day of the period, YYYY-MM-DD"}, {"to", "to", "last day of the period, YYYY-MM-DD"},
		{"k", "k", "each combination of quasi-identifiers is shared by at least k victims (5 to 100, default 5)"},
		{"qi", "qi", "quasi-identifiers, separated by commas (default county,sex,age_band)"},
		{"type", "type", "incident types, separated by commas"}, {"county", "county", "county code, e.g. KE-047"},
		{"strategy", "strategy", "generalise (then suppress; default) or suppress"},
		{"max-suppressed", "max_suppressed", "percentage of rows generalisation may leave to suppression (default 5)"},
		{"format", "format", "csv (default) or json"},
	} {
		fs.Func(f.name, f.help, func(s string) error { v.Set(f.query, s); return nil })
	}
	out := fs.String("out", "", "file to write (default stdout)")
	if done, err := parse(fs, args); done {
		return err
	}
	o, err := haki.ParseExtractOptions(v)
	if err != nil {
		fmt.Fprintf(m.Stderr, "haki extract: %s\nUsage: haki %s\n", extractProblems(err), usage)
		return ErrUsage
	}
	s, err := m.openStore(ctx, &cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	res, err := s.ResearchExtract(store.WithPurpose(haki.SystemContext(ctx), "haki extract"), o)
	if err != nil {
		return err
	}
	if err := m.writeExtract(res, o.Format, *out); err != nil {
		return err
	}
	n := res.Note
	fmt.Fprintf(m.Stderr, "Research extract: %d of %d victims kept (%d suppressed, %.1f%%) in %d classes of at least %d (smallest %d); generalised: %s.\n",
		n.RowsOut, n.RowsIn, n.RowsSuppressed, 100*n.SuppressedShare, n.Classes, n.K, n.SmallestClass, extractLevels(n))
	return nil
}

// writeExtract writes the rows, and with CSV to a file the note beside it.
func (m *Main) writeExtract(res *haki.ExtractResult, format, out string) error {
	write := func(w io.Writer) error {
		if format == "json" {
			return store.WriteExtractJSON(w, res)
		}
		return store.WriteExtractCSV(w, res)
	}
	if out == "" {
		bw := bufio.NewWriter(m.Stdout)
		if err := write(bw); err != nil {
			return err
		}
		return bw.Flush()
	}
	if err := writeFile(out, write); err != nil {
		return err
	}
	if format == "json" {
		return nil
	}
	return writeFile(out+".note.json", func(w io.Writer) error {
		e := json.NewEncoder(w)
		e.SetIndent("", "  ")
		return e.Encode(res.Note)
	})
}

// writeFile writes a file only its owner may read through a buffer,
// removing it if writing fails, so that no half file is left looking whole.
func writeFile(name string, write func(io.Writer) error) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 64<<10)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(name)
	}
	return err
}

// extractLevels writes the level of each quasi-identifier, as county=region.
func extractLevels(n haki.ExtractNote) string {
	var parts []string
	for _, qi := range n.QIs {
		parts = append(parts, qi+"="+n.Generalised[qi])
	}
	return strings.Join(parts, ", ")
}

// extractProblems writes an options error with its fields, as flags.
func extractProblems(err error) string {
	e, ok := err.(*haki.Error)
	if !ok || len(e.Fields) == 0 {
		return haki.ErrorMessage(err)
	}
	var parts []string
	for k, msg := range e.Fields {
		parts = append(parts, "--"+strings.ReplaceAll(k, "_", "-")+": "+msg)
	}
	slices.Sort(parts)
	return strings.Join(parts, "; ")
}
