package store

// Export of incident records (CSV, XLSX or JSON, internal/table): the list
// behind the reports, streamed in constant memory.
//
// The export reads the incidents the caller may list (access.go's
// visibleIncidents) in keyset batches of exportBatch rows, newest first,
// each batch in its own short read transaction, and writes each batch to w
// before reading the next: memory does not grow with the number of rows,
// and no transaction stays open while a slow client reads.
//
// By default the export carries NO free text at all: codes, dates and
// counts only, which is what statistics need and what any role that may
// list incidents may take away. With ExportOptions.Text it adds the title,
// place name, coordinates and narrative; those columns are filled only for
// roles that see identities (the sealed title and narrative are opened,
// which costs time) and stay empty for the others (researchers).
//
// In CSV every cell goes through csvsafe, which guards against CSV (formula)
// injection: a cell a spreadsheet would read as a formula gets a leading
// apostrophe; plain numbers (counts, coordinates) are written as they are.

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/table"
)

// ExportOptions chooses what an incident export carries besides codes,
// dates and counts.
type ExportOptions struct {
	// Text adds title, place name, latitude, longitude and narrative,
	// filled only for roles that see identities.
	Text bool
}

// exportBatch is the number of incidents read per keyset batch: memory is
// bounded by it, whatever the number of rows. exportTextBatch bounds it
// with the free text, whose narratives may be long.
var exportBatch = 5000

const exportTextBatch = 200

// IncidentCSVColumns are the columns of the default incident export.
var IncidentCSVColumns = []string{"ref", "occurred", "date_precision", "date_approx", "county_code", "county_name",
	"subcounty_code", "subcounty_name", "types", "context", "verification", "victim_count", "publishable"}

// IncidentCSVTextColumns are added by ExportOptions.Text.
var IncidentCSVTextColumns = []string{"title", "place_name", "latitude", "longitude", "narrative"}

// ExportIncidentsCSV writes the incidents the caller may list that match f
// to w as CSV (codes, dates and counts only; see ExportOptions), newest
// first, and returns the number of rows written. f.Cursor and f.Limit are
// ignored: the export is every matching incident. A role that may not list
// incidents gets EFORBIDDEN.
func (s *Store) ExportIncidentsCSV(ctx context.Context, f haki.IncidentFilter, w io.Writer) (rows int, err error) {
	return s.ExportIncidentsCSVWith(ctx, f, w, ExportOptions{})
}

// ExportIncidentsCSVWith is ExportIncidentsCSV with options: ExportIncidents
// in CSV.
func (s *Store) ExportIncidentsCSVWith(ctx context.Context, f haki.IncidentFilter, w io.Writer, o ExportOptions) (rows int, err error) {
	return s.ExportIncidents(ctx, f, table.CSV, w, o)
}

// ExportIncidents writes the incidents the caller may list that match f to
// w in format (table.CSV, XLSX or JSON). The export audits itself: once it
// has begun, an "export" entry records its format, filters, the rows
// written and whether it completed, also when it broke off. An export that
// could not be audited returns the error.
func (s *Store) ExportIncidents(ctx context.Context, f haki.IncidentFilter, format string, w io.Writer, o ExportOptions) (rows int, err error) {
	u := haki.UserFromContext(ctx)
	if err := require(u, haki.PermIncidentRead); err != nil {
		return 0, err
	}
	sink, err := newExportSink(format, w, "Incidents")
	if err != nil {
		return 0, err
	}
	rows, err = s.exportIncidents(ctx, u, f, sink, o)
	if err == nil {
		err = sink.close()
	}
	return rows, s.auditExport(ctx, "incident", map[string]any{"format": format, "filters": exportFilters(f), "rows": rows, "text": o.Text}, err)
}

// auditExport writes the "export" entry of an export of records of kind,
// with whether it completed, and joins a failure to write it to err.
func (s *Store) auditExport(ctx context.Context, kind string, detail map[string]any, err error) error {
	detail["complete"] = err == nil
	if purpose, _ := ctx.Value(purposeKey{}).(string); purpose != "" {
		detail["command"] = purpose
	}
	// The client may have gone: the entry must still be written.
	if aerr := s.Audit(context.WithoutCancel(ctx), "export", kind, "", detail); aerr != nil {
		return errors.Join(err, aerr)
	}
	return err
}

// exportFilters writes an export's filters as a query string, codes only.
func exportFilters(f haki.IncidentFilter) string {
	q := url.Values{}
	set := func(k, v string) {
		if v != "" {
			q.Set(k, v)
		}
	}
	set("type", f.Type)
	set("county", f.CountyCode)
	set("verification", f.Verification)
	if f.Year != 0 {
		q.Set("year", strconv.Itoa(f.Year))
	}
	if f.Month != 0 {
		q.Set("month", strconv.Itoa(f.Month))
	}
	if f.Report != "" {
		rf := f.ReportFilter
		set("report", f.Report)
		if !rf.From.IsZero() {
			q.Set("from", rf.From.Format(time.DateOnly))
		}
		if !rf.To.IsZero() {
			q.Set("to", rf.To.Format(time.DateOnly))
		}
		for k, v := range map[string]string{"report_county": rf.CountyCode, "report_type": rf.IncidentType, "service": rf.ServiceCode,
			"institution": rf.InstitutionID, "context": rf.Context, "sex": rf.Sex, "age_band": rf.AgeBand,
			"method": f.Method, "fate": f.Fate, "consequence": f.Consequence} {
			set(k, v)
		}
	}
	return q.Encode()
}

func (s *Store) exportIncidents(ctx context.Context, u *haki.User, f haki.IncidentFilter, sink *exportSink, o ExportOptions) (rows int, err error) {
	reveal := o.Text && u.Role.SeesIdentities()
	f.Cursor, f.Limit = "", 0
	names, typeSort, err := s.exportLookups(ctx)
	if err != nil {
		return 0, err
	}
	// Each batch is written into the sink while its transaction reads it,
	// then passed on to the client with no transaction open.
	cw := sink.tw
	header := IncidentCSVColumns
	if o.Text {
		header = append(append([]string{}, IncidentCSVColumns...), IncidentCSVTextColumns...)
	}
	if err := cw.Write(header); err != nil {
		return 0, err
	}
	cols := `i.id, i.ref, i.occurred_on, i.date_precision, i.date_approx, i.county_code, COALESCE(i.subcounty_code, ''),
		i.context, i.verification, i.victim_count, i.publishable,
		COALESCE((SELECT ` + s.d.joinCodes("t.type_code") + ` FROM incident_types t WHERE t.incident_id = i.id), '')`
	from := `incidents i`
	if o.Text {
		cols += `, i.title, i.place_name, i.latitude, i.longitude, i.narrative, COALESCE(ik.master_id, ''), COALESCE(ik.wrapped, '')`
		from = incidentFrom
	}
	size := exportBatch
	if o.Text { // narratives may be long: fewer rows in memory at a time
		size = min(size, exportTextBatch)
	}
	rec := make([]string, len(header))
	var r exportRow
	dest := []any{&r.id, &r.ref, &r.occurred, &r.precision, &r.approx, &r.county, &r.subcounty,
		&r.context, &r.verification, &r.victims, &r.publishable, &r.types}
	if o.Text {
		dest = append(dest, &r.title, &r.place, &r.lat, &r.lon, &r.narrative, &r.master, &r.wrapped)
	}
	var lastOn, lastID string
	for {
		if err := ctx.Err(); err != nil {
			return rows, err
		}
		where, args, err := s.incidentWhere(u, f)
		if err != nil {
			return rows, err
		}
		if lastOn != "" { // keyset, written so the (occurred_on, id) index gives a range
			where += " AND i.occurred_on <= ? AND (i.occurred_on < ? OR i.id < ?)"
			args = append(args, lastOn, lastOn, lastID)
		}
		n := 0
		err = s.read(ctx, func(tx *Tx) error {
			q, err := tx.query(`SELECT `+cols+` FROM `+from+` WHERE `+where+
				` ORDER BY i.occurred_on DESC, i.id DESC LIMIT ?`, append(args, size)...)
			if err != nil {
				return err
			}
			defer q.Close()
			for q.Next() {
				if err := q.Scan(dest...); err != nil {
					return err
				}
				if reveal {
					if err := s.openExportText(&r); err != nil {
						return err
					}
				}
				r.fill(rec, typeSort, names, o.Text, reveal)
				if err := cw.Write(rec); err != nil {
					return err
				}
				n++
			}
			return q.Err()
		})
		if err != nil {
			return rows, err
		}
		if err := sink.pass(); err != nil {
			return rows, err
		}
		rows += n
		if n < size {
			return rows, nil
		}
		lastOn, lastID = r.occurred, r.id
	}
}

// exportRow is one incident as the export reads it.
type exportRow struct {
	id, ref, occurred, precision, county, subcounty, context, verification string
	types                                                                  string // joined with ";" in no set order
	approx, publishable                                                    bool
	victims                                                                int
	title, place, narrative, master, wrapped                               string
	lat, lon                                                               sql.NullFloat64
}

// openExportText opens the sealed title and narrative of a row.
func (s *Store) openExportText(r *exportRow) error {
	key, err := s.unwrapJoined(r.master, r.wrapped)
	if err != nil {
		return err
	}
	return sealer{key, "incident", r.id}.openAll(map[string]*string{"title": &r.title, "narrative": &r.narrative})
}

// fill writes the row's cells into rec, the types in the vocabulary's order.
func (r *exportRow) fill(rec []string, typeSort map[string]int, names map[string]string, text, reveal bool) {
	types := r.types
	if strings.IndexByte(types, ';') >= 0 {
		codes := strings.Split(types, ";")
		slices.SortFunc(codes, func(a, b string) int { return cmp.Or(cmp.Compare(typeSort[a], typeSort[b]), strings.Compare(a, b)) })
		types = strings.Join(codes, ";")
	}
	occurred := r.occurred
	switch haki.Precision(r.precision) {
	case haki.PrecisionYear:
		occurred = occurred[:min(4, len(occurred))]
	case haki.PrecisionMonth:
		occurred = occurred[:min(7, len(occurred))]
	}
	rec[0], rec[1], rec[2], rec[3] = r.ref, occurred, r.precision, boolCell(r.approx)
	rec[4], rec[5] = r.county, names[r.county]
	rec[6], rec[7] = r.subcounty, names[r.subcounty]
	rec[8], rec[9], rec[10] = types, r.context, r.verification
	rec[11], rec[12] = strconv.Itoa(r.victims), boolCell(r.publishable)
	if !text {
		return
	}
	t := rec[len(IncidentCSVColumns):]
	for i := range t {
		t[i] = ""
	}
	if !reveal {
		return
	}
	t[0], t[1], t[4] = r.title, r.place, r.narrative
	if r.lat.Valid && r.lon.Valid {
		t[2], t[3] = strconv.FormatFloat(r.lat.Float64, 'f', -1, 64), strconv.FormatFloat(r.lon.Float64, 'f', -1, 64)
	}
}

// exportLookups returns the name of every place by code and the sort
// order of every incident type: the gazetteer (counties and sub-counties)
// and the vocabulary are small, so they are read once per export.
func (s *Store) exportLookups(ctx context.Context) (map[string]string, map[string]int, error) {
	names, order := map[string]string{}, map[string]int{}
	err := s.read(ctx, func(tx *Tx) error {
		q, err := tx.query(`SELECT code, name FROM places`)
		if err != nil {
			return err
		}
		defer q.Close()
		for q.Next() {
			var code, name string
			if err := q.Scan(&code, &name); err != nil {
				return err
			}
			names[code] = name
		}
		if err := q.Err(); err != nil {
			return err
		}
		q.Close()
		t, err := tx.query(`SELECT code, sort FROM terms WHERE vocab = 'incident_type'`)
		if err != nil {
			return err
		}
		defer t.Close()
		for t.Next() {
			var code string
			var sort int
			if err := t.Scan(&code, &sort); err != nil {
				return err
			}
			order[code] = sort
		}
		return t.Err()
	})
	return names, order, err
}

func boolCell(b bool) string {
	if b {
		return "1"
	}
	return "0"
}
