package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/archive"
	"github.com/haki-kenya/haki/internal/config"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/table"
)

// export streams a list to a CSV, XLSX or JSON file in constant memory, or
// writes everything to an encrypted archive; every export is audited.
func (m *Main) export(ctx context.Context, args []string) error {
	usage := "export incidents|persons|cases --format csv|xlsx|json --out FILE [--county C --year Y --month M --type T --verification V --status S --text]   [--data DIR | --database URL]\n" +
		"       export all --out FILE.zip [--passphrase-file FILE]   [--data DIR | --database URL]\n" +
		"       incidents: codes, dates and counts only; --text adds title, place, coordinates and narrative.\n" +
		"       all: every incident with its acts and sources, every person and case, in a ZIP encrypted with AES-256\n" +
		"       (7-Zip opens it); the passphrase is read from --passphrase-file, or made and printed once."
	var cfg config.Config
	fs := m.flags("export", usage)
	m.dataFlags(fs, &cfg)
	format := fs.String("format", "csv", "csv, xlsx or json")
	out := fs.String("out", "", "file to write")
	county := fs.String("county", "", "county code, e.g. KE-047 (incidents, persons)")
	year := fs.Int("year", 0, "year the incidents occurred, or of the cases' intake")
	month := fs.Int("month", 0, "month 1-12, with --year (incidents)")
	typ := fs.String("type", "", "incident type code, e.g. torture")
	verification := fs.String("verification", "", "verification code, e.g. verified")
	status := fs.String("status", "", "case status code (cases)")
	text := fs.Bool("text", false, "add the free-text columns (title, place, coordinates, narrative)")
	passFile := fs.String("passphrase-file", "", "file holding the archive's passphrase (at least 16 characters)")
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
	case !slices.Contains([]string{"incidents", "persons", "cases", "all"}, what):
		return bad("say what to export: incidents, persons, cases or all")
	case !slices.Contains(table.Formats, *format):
		return bad("--format must be csv, xlsx or json")
	case *out == "":
		return bad("--out FILE is required")
	case *month < 0 || *month > 12 || *month != 0 && *year == 0:
		return bad("--month must be 1 to 12, with --year")
	case *year < 0:
		return bad("--year must be a year")
	}
	passphrase, made := "", false
	if what == "all" {
		if *passFile == "" {
			passphrase, made = archive.NewPassphrase(), true
		} else {
			b, err := os.ReadFile(*passFile)
			if err != nil {
				return bad("--passphrase-file: " + err.Error())
			}
			if passphrase = strings.TrimRight(string(b), "\r\n"); len(passphrase) < archive.MinPassphrase {
				return bad("the passphrase must have at least 16 characters")
			}
		}
	}
	s, err := m.openStore(ctx, &cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	sys := store.WithPurpose(haki.SystemContext(ctx), "haki export")
	n := 0
	err = writeFile(*out, func(w io.Writer) (err error) {
		switch what {
		case "persons":
			n, err = s.ExportPersons(sys, haki.PersonFilter{CountyCode: *county}, *format, w)
		case "cases":
			n, err = s.ExportCases(sys, haki.CaseFilter{Status: *status, Year: *year}, *format, w)
		case "all":
			n, err = exportArchive(sys, s, w, passphrase)
		default:
			f := haki.IncidentFilter{CountyCode: *county, Year: *year, Month: *month, Type: *typ, Verification: *verification}
			n, err = s.ExportIncidents(sys, f, *format, w, store.ExportOptions{Text: *text})
		}
		return err
	})
	if err != nil {
		return err
	}
	if what == "all" {
		fmt.Fprintf(m.Stdout, "Wrote %d records to %s, encrypted with AES-256.\n", n, *out)
		if made {
			fmt.Fprintf(m.Stdout, "Passphrase (shown once; Haki does not keep it): %s\n", passphrase)
		}
		return nil
	}
	fmt.Fprintf(m.Stdout, "Wrote %d %s to %s.\n", n, what, *out)
	return nil
}

// exportArchive writes everything to w as an encrypted archive and returns
// the number of records in it.
func exportArchive(ctx context.Context, s *store.Store, w io.Writer, passphrase string) (int, error) {
	a, err := archive.NewWriter(w, passphrase, s.Now())
	if err != nil {
		return 0, err
	}
	man, err := s.ExportArchive(ctx, store.AccountProof{}, a)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, c := range man.Counts {
		n += c
	}
	return n, a.Close()
}
