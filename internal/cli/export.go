package cli

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/config"
	"github.com/haki-kenya/haki/internal/store"
)

// export streams records to a CSV file in constant memory; the export is
// audited with its filters and row count.
func (m *Main) export(ctx context.Context, args []string) error {
	usage := "export incidents --format csv --out FILE [--county C --year Y --month M --type T --verification V --text]   [--data DIR | --database URL]\n" +
		"       codes, dates and counts only; --text adds title, place, coordinates and narrative"
	var cfg config.Config
	fs := m.flags("export", usage)
	m.dataFlags(fs, &cfg)
	format := fs.String("format", "csv", "csv")
	out := fs.String("out", "", "file to write")
	county := fs.String("county", "", "county code, e.g. KE-047")
	year := fs.Int("year", 0, "year the incidents occurred")
	month := fs.Int("month", 0, "month 1-12, with --year")
	typ := fs.String("type", "", "incident type code, e.g. torture")
	verification := fs.String("verification", "", "verification code, e.g. verified")
	text := fs.Bool("text", false, "add the free-text columns (title, place, coordinates, narrative)")
	what := ""
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		what, args = args[0], args[1:]
	}
	if done, err := parse(fs, args); done {
		return err
	}
	if what == "" && fs.NArg() > 0 {
		what = fs.Arg(0)
	}
	bad := func(msg string) error {
		fmt.Fprintf(m.Stderr, "haki export: %s\nUsage: haki %s\n", msg, usage)
		return ErrUsage
	}
	switch {
	case what != "incidents":
		return bad("say what to export: incidents")
	case *format != "csv":
		return bad("--format must be csv")
	case *out == "":
		return bad("--out FILE is required")
	case *month < 0 || *month > 12 || *month != 0 && *year == 0:
		return bad("--month must be 1 to 12, with --year")
	case *year < 0:
		return bad("--year must be a year")
	}
	f := haki.IncidentFilter{CountyCode: *county, Year: *year, Month: *month, Type: *typ, Verification: *verification}
	s, err := m.openStore(ctx, &cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	file, err := os.Create(*out)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(file, 64<<10)
	sys := haki.SystemContext(ctx)
	rows, err := s.ExportIncidentsCSVWith(sys, f, bw, store.ExportOptions{Text: *text})
	if err == nil {
		err = bw.Flush()
	}
	if cerr := file.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(*out)
		return err
	}
	fmt.Fprintf(m.Stdout, "Wrote %d incidents to %s.\n", rows, *out)
	return nil
}
