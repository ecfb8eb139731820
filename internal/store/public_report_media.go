package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"io"
	"os"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/media"
	"github.com/haki-kenya/haki/internal/vault"
)

// Files sent with a report from the public. Each is kept twice as
// evidence owned by the report: the original exactly as received (its
// SHA-256 and a custody "upload" entry), and, for staff to look at, a copy
// without location metadata (internal/media; custody "derive", naming the
// original). A type whose metadata Haki does not remove gets no copy: the
// triage page says so and never shows the original in its place. Verified
// into an incident, a report's files move to it (custody "transfer").

// AddPublicReportMedia keeps file index (0 to media.MaxFiles-1) of the
// report sent under idemKey; no one is signed in. Its type is decided by
// its bytes, and its size is held to the type's limit. Sent again, the file
// already kept for that index is returned and created is false: the phone
// retries until it hears back. Like a report, a file may be sent under a
// key only by whoever holds it; the answer tells no more than the file's
// own index, type, size and hash.
func (e *EvidenceStore) AddPublicReportMedia(ctx context.Context, idemKey string, index int, data []byte) (m *haki.ReportMedia, created bool, err error) {
	if index < 0 || index >= media.MaxFiles {
		return nil, false, mediaProblem("index", "A report can carry at most 5 files.")
	}
	if len(data) == 0 {
		return nil, false, mediaProblem("file", "The file is empty.")
	}
	typ, ok := media.Sniff(data[:min(len(data), media.SniffLen)])
	if !ok {
		return nil, false, mediaProblem("file", "Send a photo (JPEG, PNG, WebP), a recording (M4A, AAC, MP3, OGG, AMR) or a video (MP4, 3GP, MOV, WebM).")
	}
	if int64(len(data)) > typ.Limit {
		return nil, false, mediaProblem("file", "The file is too large: a photo can be up to 10 MB, a recording or a video up to 50 MB.")
	}
	var reportID string
	err = e.s.read(ctx, func(tx *Tx) error {
		if reportID, err = tx.reportByKey(idemKey); err != nil {
			return err
		}
		m, err = tx.reportMediaAt(reportID, index)
		return err
	})
	if err != nil || m != nil {
		return m, false, err
	}

	orig := &haki.Evidence{ID: newID(), OwnerKind: haki.OwnerPublicReport, OwnerID: reportID, Kind: typ.Kind, ContentType: typ.MIME,
		ReportID: reportID, MediaIndex: index}
	origKey := vault.NewDataKey()
	if orig.Size, orig.SHA256, err = writeEvidenceFile(e.dir, orig.ID, origKey, bytes.NewReader(data)); err != nil {
		return nil, false, err
	}
	written := []string{orig.ID}
	defer func() {
		if err != nil || !created {
			for _, id := range written {
				os.Remove(evidencePath(e.dir, id))
			}
		}
	}()
	var copyEv *haki.Evidence
	var copyKey []byte
	if stripped, serr := media.Strip(typ, data); serr == nil {
		copyEv = &haki.Evidence{ID: newID(), OwnerKind: haki.OwnerPublicReport, OwnerID: reportID, Kind: typ.Kind, ContentType: typ.MIME,
			ReportID: reportID, MediaIndex: index, DerivedFrom: orig.ID}
		copyKey = vault.NewDataKey()
		if copyEv.Size, copyEv.SHA256, err = writeEvidenceFile(e.dir, copyEv.ID, copyKey, bytes.NewReader(stripped)); err != nil {
			return nil, false, err
		}
		written = append(written, copyEv.ID)
	}

	err = e.s.write(ctx, func(tx *Tx) error {
		if m, err = tx.reportMediaAt(reportID, index); err != nil || m != nil {
			return err
		}
		if err := tx.insertReportMedia(orig, origKey, haki.CustodyUpload, ""); err != nil {
			return err
		}
		m = &haki.ReportMedia{Index: index, Original: orig}
		if copyEv != nil {
			if err := tx.insertReportMedia(copyEv, copyKey, haki.CustodyDerive, "Made from "+orig.ID+" without location metadata."); err != nil {
				return err
			}
			m.Stripped = copyEv
		}
		created = true
		// A file that arrives after its report was verified follows it.
		var status string
		var incidentID sql.NullString
		if err := tx.queryRow(`SELECT status, incident_id FROM public_reports WHERE id = ?`, reportID).Scan(&status, &incidentID); err != nil {
			return err
		}
		if status == "verified" && incidentID.Valid {
			return tx.transferReportMedia(reportID, incidentID.String)
		}
		return nil
	})
	if haki.ErrorCode(err) == haki.ECONFLICT {
		// The same file sent twice at once: the other copy won.
		created = false
		err = e.s.read(ctx, func(tx *Tx) (err error) {
			m, err = tx.reportMediaAt(reportID, index)
			return err
		})
		if err == nil && m == nil {
			err = errors.New("report media: conflict without a winner")
		}
	}
	if err != nil {
		return nil, false, err
	}
	return m, created, nil
}

func mediaProblem(field, msg string) error {
	return &haki.Error{Code: haki.EINVALID, Message: msg, Fields: map[string]string{field: msg}}
}

// reportByKey returns the id of the report sent under an idempotency key.
func (tx *Tx) reportByKey(idemKey string) (string, error) {
	if idemKey == "" || len(idemKey) > maxIdemKey {
		return "", haki.Errorf(haki.ENOTFOUND, "No report was received with this key. Send the report first.")
	}
	var id string
	err := tx.queryRow(`SELECT report_id FROM public_report_keys WHERE idem_key = ?`, idemKey).Scan(&id)
	if isNoRows(err) {
		return "", haki.Errorf(haki.ENOTFOUND, "No report was received with this key. Send the report first.")
	}
	return id, err
}

// reportMediaAt returns the file kept at index of a report, or nil.
func (tx *Tx) reportMediaAt(reportID string, index int) (*haki.ReportMedia, error) {
	all, err := tx.reportMedia(reportID, index)
	if err != nil || len(all) == 0 {
		return nil, err
	}
	return all[0], nil
}

// reportMedia returns a report's files (at one index, or all when index is
// negative), each original with its copy.
func (tx *Tx) reportMedia(reportID string, index int) ([]*haki.ReportMedia, error) {
	q := `SELECT ` + evidenceColumns + ` FROM ` + evidenceFrom + ` WHERE ev.public_report_id = ?`
	args := []any{reportID}
	if index >= 0 {
		q += ` AND ev.media_index = ?`
		args = append(args, index)
	}
	rows, err := tx.query(q+` ORDER BY ev.media_index, ev.derived_from IS NOT NULL, ev.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*haki.ReportMedia
	byOrig := map[string]*haki.ReportMedia{}
	var copies []*haki.Evidence
	for rows.Next() {
		ev, _, err := tx.s.scanEvidence(rows)
		if err != nil {
			return nil, err
		}
		if ev.DerivedFrom != "" {
			copies = append(copies, ev)
			continue
		}
		m := &haki.ReportMedia{Index: ev.MediaIndex, Original: ev}
		byOrig[ev.ID] = m
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, c := range copies {
		if m := byOrig[c.DerivedFrom]; m != nil {
			m.Stripped = c
		}
	}
	return out, nil
}

// insertReportMedia writes the record of a report's file, the first entry
// of its chain of custody, and the audit entry.
func (tx *Tx) insertReportMedia(ev *haki.Evidence, key []byte, action, reason string) error {
	ev.UploadedAt = tx.now
	keyID := newID()
	if err := tx.insertDataKey(keyID, key); err != nil {
		return err
	}
	sl := sealer{key, "evidence", ev.ID}
	if _, err := tx.exec(`INSERT INTO evidence (id, owner_kind, public_report_id, media_index, derived_from, kind, filename, content_type,
		size, sha256, key_id, description, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		ev.ID, ev.OwnerKind, ev.ReportID, ev.MediaIndex, nullString(ev.DerivedFrom), ev.Kind, sl.seal("filename", ""), ev.ContentType,
		ev.Size, ev.SHA256, keyID, sl.seal("description", ""), fmtTime(tx.now)); err != nil {
		return tx.mapErr(err, "evidence")
	}
	if err := tx.custody(ev.ID, key, action, reason); err != nil {
		return err
	}
	after, err := sealAudit(keyID, key, ev)
	if err != nil {
		return err
	}
	return tx.audit("create", "evidence", ev.ID, nil, after)
}

// transferReportMedia moves a report's files to the incident it was
// verified into, with a "transfer" entry in each file's chain of custody.
func (tx *Tx) transferReportMedia(reportID, incidentID string) error {
	rows, err := tx.query(`SELECT ev.id, ek.master_id, ek.wrapped FROM `+evidenceFrom+`
		WHERE ev.public_report_id = ? AND ev.owner_kind = ? ORDER BY ev.id`, reportID, haki.OwnerPublicReport)
	if err != nil {
		return err
	}
	type file struct {
		id  string
		key []byte
	}
	var files []file
	for rows.Next() {
		var f file
		var master, wrapped string
		if err := rows.Scan(&f.id, &master, &wrapped); err != nil {
			rows.Close()
			return err
		}
		if f.key, err = tx.s.keys.Unwrap(master, wrapped); err != nil {
			rows.Close()
			return err
		}
		files = append(files, f)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	var ref string
	if err := tx.queryRow(`SELECT ref FROM incidents WHERE id = ?`, incidentID).Scan(&ref); err != nil {
		return tx.mapErr(err, "incident")
	}
	for _, f := range files {
		if _, err := tx.exec(`UPDATE evidence SET owner_kind = ?, incident_id = ? WHERE id = ?`, haki.OwnerIncident, incidentID, f.id); err != nil {
			return err
		}
		if err := tx.custody(f.id, f.key, haki.CustodyTransfer, "The report was verified into incident "+ref+"."); err != nil {
			return err
		}
		if err := tx.audit("update", "evidence", f.id, map[string]string{"owner_kind": haki.OwnerPublicReport, "public_report_id": reportID},
			map[string]string{"owner_kind": haki.OwnerIncident, "incident_id": incidentID}); err != nil {
			return err
		}
	}
	return nil
}

// FindPublicReportMedia lists the files sent with a report, each original
// with its copy without location metadata (nil when none could be made),
// by their place in the report. Those who may not triage learn only that
// there is no such report.
func (e *EvidenceStore) FindPublicReportMedia(ctx context.Context, reportID string) ([]*haki.ReportMedia, error) {
	var out []*haki.ReportMedia
	err := e.s.read(ctx, func(tx *Tx) (err error) {
		if err := tx.requireOwner(haki.OwnerPublicReport, reportID, false); err != nil {
			return err
		}
		out, err = tx.reportMedia(reportID, -1)
		return err
	})
	if out == nil {
		out = []*haki.ReportMedia{}
	}
	return out, err
}

// OpenEvidenceCopy returns a reader of a copy made without location
// metadata, for a page to show it; the view is recorded in the copy's chain
// of custody and the file checked against its hash. An original is never
// opened here: it is downloaded, with a reason (OpenEvidence).
func (e *EvidenceStore) OpenEvidenceCopy(ctx context.Context, id string) (*haki.Evidence, io.ReadCloser, error) {
	var ev *haki.Evidence
	var key []byte
	err := e.s.write(ctx, func(tx *Tx) (err error) {
		if ev, key, err = tx.findEvidence(id); err != nil {
			return err
		}
		if ev.DerivedFrom == "" {
			return haki.Errorf(haki.ENOTFOUND, "No such copy.")
		}
		return tx.custody(id, key, haki.CustodyView, "")
	})
	if err != nil {
		return nil, nil, err
	}
	if err := checkEvidenceFile(e.dir, id, key, ev.SHA256); err != nil {
		if aerr := e.s.Audit(ctx, "integrity_failure", "evidence", id, map[string]string{"check": "view"}); aerr != nil {
			err = errors.Join(err, aerr)
		}
		return nil, nil, err
	}
	r, err := openEvidenceFile(e.dir, id, key)
	return ev, r, err
}

// PublicReportMediaAt returns the file kept at index of the report sent
// under idemKey, or nil if none is yet; "not found" when no report was sent
// under the key. The page's door asks it before reading a file's body, so a
// file sent again costs nothing, and one for no report is refused unread.
func (e *EvidenceStore) PublicReportMediaAt(ctx context.Context, idemKey string, index int) (*haki.ReportMedia, error) {
	var m *haki.ReportMedia
	err := e.s.read(ctx, func(tx *Tx) error {
		id, err := tx.reportByKey(idemKey)
		if err != nil {
			return err
		}
		m, err = tx.reportMediaAt(id, index)
		return err
	})
	return m, err
}
