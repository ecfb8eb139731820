package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"slices"
	"strings"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/config"
	"github.com/haki-kenya/haki/internal/i18n"
	"github.com/haki-kenya/haki/internal/report"
	"github.com/haki-kenya/haki/internal/store"
)

// report computes a standard report and writes it to a file; the export is
// audited.
func (m *Main) report(ctx context.Context, args []string) error {
	usage := "report NAME (--from DATE [--to DATE] | --year Y [--quarter Q | --month M] | --period all) [--county C --type T --service S --institution ID --context X --sex S --age-band B --age-bands 18,35]\n" +
		"            --format csv|xlsx|pdf|json --out FILE [--lang en|sw] [--suppress-below N]   [--data DIR | --database URL]\n" +
		"       NAME is executions, torture, services, litigation, network or indicators; DATE is YYYY-MM-DD, YYYY-MM or YYYY"
	var cfg config.Config
	fs := m.flags("report", usage)
	m.dataFlags(fs, &cfg)
	q := map[string]*string{}
	for _, f := range []struct{ flag, key, help string }{
		{"from", haki.PeriodFrom, "first day of the period (YYYY-MM-DD, YYYY-MM or YYYY)"},
		{"to", haki.PeriodTo, "last day of the period (default: the end of --from's year or month)"},
		{"year", haki.PeriodYear, "the period as a year, instead of --from and --to"},
		{"quarter", haki.PeriodQuarter, "with --year: the quarter, 1 to 4"},
		{"month", haki.PeriodMonth, "with --year: the month, 1 to 12"},
		{"period", haki.PeriodAll, "all: every date, with the incidents whose date is unknown (executions and torture)"},
		{"county", "county", "county code, e.g. KE-047 or 047"},
		{"type", "type", "incident type code, e.g. enforced_disappearance"},
		{"service", "service", "perpetrator service code, e.g. kps"},
		{"institution", "institution", "station or unit id"},
		{"context", "context", "context code, e.g. protest"},
		{"sex", "sex", "victims' sex code: male, female, intersex, unknown"},
		{"age-band", "age_band", "one age band, e.g. 0-17, 18-34, 35+ or unknown"},
		{"age-bands", "age_bands", "age band boundaries (default 18,35)"},
	} {
		q[f.key] = fs.String(f.flag, "", f.help)
	}
	format := fs.String("format", "", "csv, xlsx, pdf or json")
	out := fs.String("out", "", "file to write")
	lang := fs.String("lang", "en", "language of the labels: en or sw")
	below := fs.Int("suppress-below", 0, "hide counts under N as for researchers and viewers (0: show all)")
	name := ""
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	if done, err := parse(fs, args); done {
		return err
	}
	if name == "" && fs.NArg() > 0 {
		name = fs.Arg(0)
	}
	bad := func(msg string) error {
		fmt.Fprintf(m.Stderr, "haki report: %s\nUsage: haki %s\n", msg, usage)
		return ErrUsage
	}
	switch {
	case !slices.Contains(haki.ReportNames, name) && !slices.Contains(haki.CaseReportNames, name):
		return bad("unknown report; choose executions, torture, services, litigation, network or indicators")
	case !slices.Contains(report.Formats, *format):
		return bad("--format must be csv, xlsx, pdf or json")
	case *out == "":
		return bad("--out FILE is required")
	case *lang != "en" && *lang != "sw":
		return bad("--lang must be en or sw")
	case *below < 0:
		return bad("--suppress-below must be 0 or more")
	}
	v := url.Values{}
	for k, p := range q {
		if *p != "" {
			v.Set(k, *p)
		}
	}
	f, err := haki.ParseReportFilter(v)
	if err != nil {
		return bad(problemText(err))
	}
	s, err := m.openStore(ctx, &cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	sys := haki.SystemContext(ctx)
	r, err := s.Report(sys, name, f)
	if haki.ErrorCode(err) == haki.EINVALID { // a code the vocabularies do not hold
		return bad(problemText(err))
	} else if err != nil {
		return err
	}
	if *below > 0 {
		r.Protect(*below)
	}
	labels, err := reportLabels(sys, s, *lang)
	if err != nil {
		return err
	}
	labels.Org = cfg.OrgName
	if err := writeReportFile(*out, *format, r, report.Build(r, labels)); err != nil {
		return err
	}
	detail := map[string]any{"format": *format, "lang": *lang, "from": f.From.Format("2006-01-02"), "to": f.To.Format("2006-01-02"),
		"filters": v, "suppress_below": r.SuppressBelow, "command": true}
	if err := s.Audit(sys, "export", "report", name, detail); err != nil {
		os.Remove(*out)
		return err
	}
	if r.Figures != nil { // the case-work reports count other things than victims
		fmt.Fprintf(m.Stdout, "Wrote the %s report to %s.\n", name, *out)
		return nil
	}
	fmt.Fprintf(m.Stdout, "Wrote the %s report (%d victims, %d incidents) to %s.\n", name, r.Victims.N, r.Incidents.N, *out)
	return nil
}

// reportLabels loads the labels of the vocabularies and counties in lang.
func reportLabels(ctx context.Context, s *store.Store, lang string) (report.Labels, error) {
	cat, err := i18n.New()
	if err != nil {
		return report.Labels{}, err
	}
	var terms []*haki.Term
	for _, vocab := range haki.ReportVocabularies {
		ts, err := s.FindTerms(ctx, vocab, true)
		if err != nil {
			return report.Labels{}, err
		}
		terms = append(terms, ts...)
	}
	places, err := s.FindPlaces(ctx, "", 1, "")
	if err != nil {
		return report.Labels{}, err
	}
	return report.NewLabels(cat, lang, terms, places), nil
}

// writeReportFile writes the export, leaving no partial file on failure.
func writeReportFile(path, format string, r *haki.Report, d *report.Document) (err error) {
	file, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := file.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(path)
		}
	}()
	w := bufio.NewWriter(file)
	if err := report.Write(w, format, r, d); err != nil {
		return err
	}
	return w.Flush()
}

// problemText writes a validation error with its fields, one a line.
func problemText(err error) string {
	var he *haki.Error
	if !errors.As(err, &he) || len(he.Fields) == 0 {
		return err.Error()
	}
	keys := make([]string, 0, len(he.Fields))
	for k := range he.Fields {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteString("\n  ")
		}
		fmt.Fprintf(&b, "--%s: %s", strings.ReplaceAll(k, "_", "-"), he.Fields[k])
	}
	return b.String()
}
