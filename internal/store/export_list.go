package store

// Exports of the lists other than incidents (persons, cases), in CSV, XLSX
// or JSON. Each reads the list a page at a time through the list's own
// Find method, so the export sees exactly what the list shows the caller,
// under the same access rules, and the identities it shows are recorded as
// the list's are (tx.reveal); the export itself is one audited "export"
// entry. Between pages no transaction is open while the client reads.

import (
	"bytes"
	"context"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/table"
)

// exportSink keeps what a table writer writes while a read transaction is
// open and passes it on to the client between transactions; an XLSX file,
// whole only at the end, is written straight to the client by close.
type exportSink struct {
	tw     table.Writer
	buf    bytes.Buffer
	w      io.Writer
	direct bool
}

func newExportSink(format string, w io.Writer, sheet string) (*exportSink, error) {
	sink := &exportSink{w: w}
	tw, err := table.New(format, sink, sheet)
	if err != nil {
		return nil, haki.Errorf(haki.EINVALID, "Choose CSV, XLSX or JSON.")
	}
	sink.tw = tw
	return sink, nil
}

func (k *exportSink) Write(p []byte) (int, error) {
	if k.direct {
		return k.w.Write(p)
	}
	return k.buf.Write(p)
}

// pass sends what is kept on to the client.
func (k *exportSink) pass() error {
	if err := k.tw.Flush(); err != nil {
		return err
	}
	if k.buf.Len() == 0 {
		return nil
	}
	_, err := k.w.Write(k.buf.Bytes())
	k.buf.Reset()
	return err
}

// close ends the table.
func (k *exportSink) close() error {
	if err := k.pass(); err != nil {
		return err
	}
	k.direct = true
	return k.tw.Close()
}

// PersonExportColumns are the columns of a person list's export. Names are
// filled only for roles that see identities; ID numbers, phones, next of
// kin and notes never go in a list export.
var PersonExportColumns = []string{"ref", "full_name", "other_names", "sex", "birth_date", "estimated_age",
	"county_code", "county_name", "subcounty_code", "occupation", "deceased", "deceased_on", "created_at"}

// ExportPersons writes the persons the caller may see that match f (as the
// person list finds them; f.Cursor and f.Limit are ignored) to w in format.
// Audited as an export with the county filter (never the search words) and
// the rows written.
func (s *Store) ExportPersons(ctx context.Context, f haki.PersonFilter, format string, w io.Writer) (rows int, err error) {
	if err := require(haki.UserFromContext(ctx), haki.PermPersonRead); err != nil {
		return 0, err
	}
	sink, err := newExportSink(format, w, "Persons")
	if err != nil {
		return 0, err
	}
	names, _, err := s.exportLookups(ctx)
	if err == nil {
		rows, err = exportPages(ctx, sink, PersonExportColumns, func(cursor string) ([]*haki.Person, string, error) {
			f.Cursor, f.Limit = cursor, 200
			return s.FindPersons(ctx, f)
		}, func(p *haki.Person) []string {
			age := ""
			if p.EstimatedAge != nil {
				age = strconv.Itoa(*p.EstimatedAge)
			}
			return []string{p.Ref, p.FullName, strings.Join(p.OtherNames, "; "), p.Sex, p.BirthDate.String(), age,
				p.CountyCode, names[p.CountyCode], p.SubCountyCode, p.Occupation, boolCell(p.Deceased), p.DeceasedOn.String(),
				p.CreatedAt.UTC().Format(time.RFC3339)}
		})
	}
	filters := url.Values{}
	if f.CountyCode != "" {
		filters.Set("county", f.CountyCode)
	}
	return rows, s.auditExport(ctx, "person", map[string]any{"format": format, "filters": filters.Encode(), "rows": rows, "search": f.Text != ""}, err)
}

// CaseExportColumns are the columns of a case list's export; the client's
// name only for roles that see identities, the summary never.
var CaseExportColumns = []string{"ref", "client_ref", "client_name", "client_relation", "intake_date", "intake_channel",
	"status", "closure_reason", "sensitive", "created_at"}

// ExportCases writes the cases the caller may see that match f (as the case
// list finds them) to w in format, audited as an export.
func (s *Store) ExportCases(ctx context.Context, f haki.CaseFilter, format string, w io.Writer) (rows int, err error) {
	if err := require(haki.UserFromContext(ctx), haki.PermCaseRead); err != nil {
		return 0, err
	}
	sink, err := newExportSink(format, w, "Cases")
	if err != nil {
		return 0, err
	}
	rows, err = exportPages(ctx, sink, CaseExportColumns, func(cursor string) ([]*haki.Case, string, error) {
		f.Cursor, f.Limit = cursor, 200
		return s.FindCases(ctx, f)
	}, func(c *haki.Case) []string {
		return []string{c.Ref, c.ClientRef, c.ClientName, c.ClientRelation, fmtDate(c.IntakeDate), c.IntakeChannel,
			c.Status, c.ClosureReason, boolCell(c.Sensitive), c.CreatedAt.UTC().Format(time.RFC3339)}
	})
	filters := url.Values{}
	if f.Status != "" {
		filters.Set("status", f.Status)
	}
	if f.Year != 0 {
		filters.Set("year", strconv.Itoa(f.Year))
	}
	return rows, s.auditExport(ctx, "case", map[string]any{"format": format, "filters": filters.Encode(), "rows": rows, "search": f.Text != ""}, err)
}

// exportPages writes the header, then every page find returns, one row per
// record, until the last page, and ends the table.
func exportPages[T any](ctx context.Context, sink *exportSink, header []string, find func(cursor string) ([]T, string, error), row func(T) []string) (rows int, err error) {
	if err := sink.tw.Write(header); err != nil {
		return 0, err
	}
	cursor := ""
	for {
		if err := ctx.Err(); err != nil {
			return rows, err
		}
		page, next, err := find(cursor)
		if err != nil {
			return rows, err
		}
		for _, r := range page {
			if err := sink.tw.Write(row(r)); err != nil {
				return rows, err
			}
		}
		rows += len(page)
		if err := sink.pass(); err != nil {
			return rows, err
		}
		if next == "" {
			return rows, sink.close()
		}
		cursor = next
	}
}
