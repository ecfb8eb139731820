package store

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/haki-kenya/haki"
)

// The triage queue: who may see reports from the public (PermTriage), the
// list of them without anything that identifies anyone, the count waiting
// for the home page, and one report opened, which is an identity read.

// StatusOpen is the filter status for the reports still to be triaged
// (new and being verified), listed oldest first.
const StatusOpen = "open"

// FindPublicReports lists reports in the queue, a page at a time, with the
// cursor of the next page ("" on the last). The open ones (Status "new",
// "being_verified" or StatusOpen) come oldest first, since the oldest waits
// longest; the others newest first. The rows carry no identifying text.
func (s *Store) FindPublicReports(ctx context.Context, f haki.PublicReportFilter) ([]*haki.PublicReportRow, string, error) {
	u := haki.UserFromContext(ctx)
	if err := require(u, haki.PermTriage); err != nil {
		return nil, "", err
	}
	where, args, asc, err := publicReportWhere(u, f)
	if err != nil {
		return nil, "", err
	}
	limit := clampLimit(f.Limit)
	order := "p.received_at DESC, p.id DESC"
	if asc {
		order = "p.received_at, p.id"
	}
	var out []*haki.PublicReportRow
	err = s.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(`SELECT p.id, p.ref, p.channel, p.kind, p.what, COALESCE(p.county_code, ''), p.status, p.received_at,
			COALESCE(p.assigned_to, ''), COALESCE(u.display_name, ''), COALESCE(u.username, ''), p.wants_help
			FROM public_reports p LEFT JOIN users u ON u.id = p.assigned_to
			WHERE `+where+` ORDER BY `+order+` LIMIT ?`, append(args, limit+1)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			row := &haki.PublicReportRow{}
			var received, username string
			if err := rows.Scan(&row.ID, &row.Ref, &row.Channel, &row.Kind, &row.What, &row.CountyCode, &row.Status, &received,
				&row.AssignedTo, &row.AssignedName, &username, &row.WantsHelp); err != nil {
				return err
			}
			if row.AssignedName == "" {
				row.AssignedName = username
			}
			row.ReceivedAt = parseTime(received)
			row.Age = max(tx.now.Sub(row.ReceivedAt), 0).Truncate(time.Second)
			row.AgeSeconds = int64(row.Age / time.Second)
			out = append(out, row)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, "", err
	}
	var next string
	if len(out) > limit {
		last := out[limit-1]
		out, next = out[:limit], encodeCursor(fmtTime(last.ReceivedAt), last.ID)
	}
	return out, next, nil
}

// publicReportWhere is the condition of a queue filter, and whether the
// list runs oldest first.
func publicReportWhere(u *haki.User, f haki.PublicReportFilter) (string, []any, bool, error) {
	where, args := []string{"1 = 1"}, []any{}
	add := func(c string, v ...any) { where = append(where, c); args = append(args, v...) }
	asc := false
	switch {
	case f.Status == "":
	case f.Status == StatusOpen:
		add("p.status IN ('new', 'being_verified')")
		asc = true
	case slices.Contains(haki.ReportStatuses, f.Status):
		add("p.status = ?", f.Status)
		asc = f.Status == "new" || f.Status == "being_verified"
	default:
		return "", nil, false, invalidFilter("status", "Choose one of the report statuses.")
	}
	switch f.AssignedTo {
	case "":
	case "me":
		add("p.assigned_to = ?", u.ID)
	case "none":
		add("p.assigned_to IS NULL")
	default:
		add("p.assigned_to = ?", f.AssignedTo)
	}
	if f.Channel != "" {
		if !slices.Contains(haki.ReportChannels, f.Channel) {
			return "", nil, false, invalidFilter("channel", "Choose web, SMS or USSD.")
		}
		add("p.channel = ?", f.Channel)
	}
	if f.Cursor != "" {
		key, id, err := decodeCursor(f.Cursor)
		if err != nil {
			return "", nil, false, err
		}
		if asc {
			add("(p.received_at > ? OR (p.received_at = ? AND p.id > ?))", key, key, id)
		} else {
			add("(p.received_at < ? OR (p.received_at = ? AND p.id < ?))", key, key, id)
		}
	}
	return strings.Join(where, " AND "), args, asc, nil
}

func invalidFilter(field, msg string) error {
	return &haki.Error{Code: haki.EINVALID, Message: "The filter is not valid.", Fields: map[string]string{field: msg}}
}

// CountPublicReportQueue counts the reports waiting for triage (new and
// being verified) and finds when the oldest of them came, for the home page
// of those who triage.
func (s *Store) CountPublicReportQueue(ctx context.Context) (haki.QueueCount, error) {
	var q haki.QueueCount
	if err := require(haki.UserFromContext(ctx), haki.PermTriage); err != nil {
		return q, err
	}
	err := s.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(`SELECT status, COUNT(*), MIN(received_at) FROM public_reports
			WHERE status IN ('new', 'being_verified') GROUP BY status`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var status, oldest string
			var n int
			if err := rows.Scan(&status, &n, &oldest); err != nil {
				return err
			}
			if status == "new" {
				q.New = n
			} else {
				q.BeingVerified = n
			}
			if t := parseTime(oldest); q.Oldest.IsZero() || t.Before(q.Oldest) {
				q.Oldest = t
			}
		}
		return rows.Err()
	})
	return q, err
}

// FindPublicReport opens a report for triage, with its notes and the log of
// attempts to contact the reporter. Opening it is an identity read, audited
// as a view of the report. Anyone who may not triage learns only that there
// is no such report.
func (s *Store) FindPublicReport(ctx context.Context, id string) (*haki.PublicReportFile, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermTriage, "report"); err != nil {
		return nil, err
	}
	var f *haki.PublicReportFile
	err := s.read(ctx, func(tx *Tx) (err error) {
		f, err = tx.publicReportFile(id)
		return err
	})
	return f, err
}

func (tx *Tx) publicReportFile(id string) (*haki.PublicReportFile, error) {
	r, err := tx.openPublicReport(id)
	if err != nil {
		return nil, err
	}
	f := &haki.PublicReportFile{Report: r, Notes: []*haki.ReportNote{}, Contacts: []*haki.ReportContact{}}
	if f.AssignedName, err = tx.userName(r.AssignedTo); err != nil {
		return nil, err
	}
	for _, l := range []struct {
		id, q string
		ref   *string
	}{
		{r.IncidentID, `SELECT ref FROM incidents WHERE id = ?`, &f.IncidentRef},
		{r.CaseID, `SELECT ref FROM cases WHERE id = ?`, &f.CaseRef},
		{r.DuplicateOf, `SELECT ref FROM public_reports WHERE id = ? UNION ALL SELECT ref FROM incidents WHERE id = ?`, &f.DuplicateRef},
	} {
		if l.id == "" {
			continue
		}
		args := []any{l.id}
		if strings.Count(l.q, "?") == 2 {
			args = append(args, l.id)
		}
		if err := tx.queryRow(l.q, args...).Scan(l.ref); err != nil && !isNoRows(err) {
			return nil, err
		}
	}
	if f.Notes, err = tx.reportNotes(r.ID); err != nil {
		return nil, err
	}
	if f.Contacts, err = tx.reportContacts(r.ID); err != nil {
		return nil, err
	}
	return f, nil
}

// userName is a colleague's display name (or username); "" for none.
func (tx *Tx) userName(id string) (string, error) {
	if id == "" {
		return "", nil
	}
	var name, username string
	err := tx.queryRow(`SELECT display_name, username FROM users WHERE id = ?`, id).Scan(&name, &username)
	if isNoRows(err) {
		return "", nil
	} else if err != nil {
		return "", err
	}
	if name == "" {
		name = username
	}
	return name, nil
}

func (tx *Tx) reportNotes(reportID string) ([]*haki.ReportNote, error) {
	_, key, err := tx.reportKey(reportID)
	if haki.ErrorCode(err) == haki.ENOTFOUND || haki.ErrorCode(err) == haki.ECONFLICT {
		return []*haki.ReportNote{}, nil
	} else if err != nil {
		return nil, err
	}
	rows, err := tx.query(`SELECT n.id, COALESCE(n.author_id, ''), COALESCE(NULLIF(u.display_name, ''), u.username, ''), n.at, n.body
		FROM public_report_notes n LEFT JOIN users u ON u.id = n.author_id WHERE n.report_id = ? ORDER BY n.at, n.id`, reportID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*haki.ReportNote{}
	for rows.Next() {
		n := &haki.ReportNote{}
		var at string
		if err := rows.Scan(&n.ID, &n.AuthorID, &n.AuthorName, &at, &n.Text); err != nil {
			return nil, err
		}
		n.At = parseTime(at)
		if n.Text, err = (sealer{key, "public_report_note", n.ID}).open("body", n.Text); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

func (tx *Tx) reportContacts(reportID string) ([]*haki.ReportContact, error) {
	_, key, err := tx.reportKey(reportID)
	if haki.ErrorCode(err) == haki.ENOTFOUND || haki.ErrorCode(err) == haki.ECONFLICT {
		return []*haki.ReportContact{}, nil
	} else if err != nil {
		return nil, err
	}
	rows, err := tx.query(`SELECT c.id, COALESCE(c.by_id, ''), COALESCE(NULLIF(u.display_name, ''), u.username, ''), c.at, c.method,
		c.outcome, c.note FROM public_report_contacts c LEFT JOIN users u ON u.id = c.by_id WHERE c.report_id = ? ORDER BY c.at, c.id`, reportID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*haki.ReportContact{}
	for rows.Next() {
		c := &haki.ReportContact{}
		var at string
		if err := rows.Scan(&c.ID, &c.ByID, &c.ByName, &at, &c.Method, &c.Outcome, &c.Note); err != nil {
			return nil, err
		}
		c.At = parseTime(at)
		if c.Note, err = (sealer{key, "public_report_contact", c.ID}).open("note", c.Note); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
