package store

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/vault"
)

// EvidenceStore keeps evidence files: their records and chain of custody in
// the database, their bytes encrypted in a folder. A file can be seen by
// exactly those who may see the incident or case it belongs to, and never by
// researchers or viewers.
type EvidenceStore struct {
	s   *Store
	dir string
}

// Evidence returns the evidence files kept in dir.
func (s *Store) Evidence(dir string) *EvidenceStore { return &EvidenceStore{s: s, dir: dir} }

// Dir returns the evidence folder.
func (e *EvidenceStore) Dir() string { return e.dir }

const evidenceColumns = `ev.id, ev.owner_kind, COALESCE(ev.incident_id, ev.case_id, ev.public_report_id), ev.kind, ev.filename, ev.content_type, ev.size,
	ev.sha256, ev.description, COALESCE(ev.uploaded_by, ''), ev.uploaded_at, COALESCE(ev.public_report_id, ''), COALESCE(ev.media_index, 0),
	COALESCE(ev.derived_from, ''), ev.clinical, ev.key_id, ek.master_id, ek.wrapped`

const evidenceFrom = `evidence ev JOIN data_keys ek ON ek.id = ev.key_id`

// scanEvidence reads a row of evidenceColumns, opening the sealed fields,
// and returns the file's data key too.
func (s *Store) scanEvidence(row interface{ Scan(...any) error }) (*haki.Evidence, []byte, error) {
	ev := &haki.Evidence{}
	var at, keyID, master, wrapped string
	if err := row.Scan(&ev.ID, &ev.OwnerKind, &ev.OwnerID, &ev.Kind, &ev.Filename, &ev.ContentType, &ev.Size, &ev.SHA256,
		&ev.Description, &ev.UploadedBy, &at, &ev.ReportID, &ev.MediaIndex, &ev.DerivedFrom, &ev.Clinical, &keyID, &master, &wrapped); err != nil {
		return nil, nil, err
	}
	ev.UploadedAt = parseTime(at)
	key, err := s.keys.Unwrap(master, wrapped)
	if err != nil {
		return nil, nil, err
	}
	err = (sealer{key, "evidence", ev.ID}).openAll(map[string]*string{"filename": &ev.Filename, "description": &ev.Description})
	return ev, key, err
}

// requireOwner checks that the user may see (or, with write, change) the
// record evidence belongs to; anything else is "not found".
func (tx *Tx) requireOwner(kind, id string, write bool) error {
	u := tx.user
	if u == nil {
		return haki.Errorf(haki.EUNAUTHORIZED, "Sign in first.")
	}
	if !u.Role.SeesIdentities() {
		return haki.Errorf(haki.ENOTFOUND, "No such %s.", kind)
	}
	switch kind {
	case haki.OwnerIncident:
		if err := requireRead(u, haki.PermIncidentRead, "incident"); err != nil {
			return err
		}
		if _, err := tx.findIncident(id); err != nil {
			return err
		}
		if write {
			return require(u, haki.PermIncidentWrite)
		}
	case haki.OwnerCase:
		if err := requireRead(u, haki.PermCaseRead, "case"); err != nil {
			return err
		}
		if _, err := tx.findCase(id); err != nil {
			return err
		}
		if write {
			return require(u, haki.PermCaseWork)
		}
	case haki.OwnerPublicReport:
		// Only the public adds files to a report (AddPublicReportMedia).
		if err := requireRead(u, haki.PermTriage, "report"); err != nil || write {
			return haki.Errorf(haki.ENOTFOUND, "No such report.")
		}
		var n int
		if err := tx.queryRow(`SELECT COUNT(*) FROM public_reports WHERE id = ?`, id).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return haki.Errorf(haki.ENOTFOUND, "No such report.")
		}
	default:
		return haki.Errorf(haki.ENOTFOUND, "No such record.")
	}
	return nil
}

// CreateEvidence stores the file read from body and its record. The type is
// decided by the content, not by the name or the client's claim. The file
// is written before the transaction, so a long upload does not hold the
// database; if the record cannot be written the file is removed again.
func (e *EvidenceStore) CreateEvidence(ctx context.Context, ev *haki.Evidence, body io.Reader) error {
	if err := ev.Validate(); err != nil {
		return err
	}
	if err := e.s.read(ctx, func(tx *Tx) error {
		if err := tx.requireOwner(ev.OwnerKind, ev.OwnerID, true); err != nil {
			return err
		}
		return tx.mayAddClinical(ev)
	}); err != nil {
		return err
	}
	br := bufio.NewReaderSize(body, 512)
	head, err := br.Peek(512)
	if err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	if len(head) == 0 {
		return &haki.Error{Code: haki.EINVALID, Message: "The file is empty.", Fields: map[string]string{"file": "Choose a file."}}
	}
	ev.ContentType = http.DetectContentType(head)
	if !haki.EvidenceTypeAllowed(ev.ContentType) {
		return &haki.Error{Code: haki.EINVALID, Message: "This kind of file cannot be stored as evidence.",
			Fields: map[string]string{"file": "Upload a photo, a PDF, a recording, a video or plain text."}}
	}
	ev.ID = newID()
	key := vault.NewDataKey()
	if ev.Size, ev.SHA256, err = writeEvidenceFile(e.dir, ev.ID, key, br); err != nil {
		return err
	}
	err = e.s.write(ctx, func(tx *Tx) error {
		ev.UploadedBy, ev.UploadedAt = tx.userID(), tx.now
		keyID := newID()
		if err := tx.insertDataKey(keyID, key); err != nil {
			return err
		}
		sl := sealer{key, "evidence", ev.ID}
		incidentID, caseID := ev.OwnerID, ""
		if ev.OwnerKind == haki.OwnerCase {
			incidentID, caseID = "", ev.OwnerID
		}
		if _, err := tx.exec(`INSERT INTO evidence (id, owner_kind, incident_id, case_id, kind, filename, content_type, size, sha256, key_id,
			description, uploaded_by, uploaded_at, clinical) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			ev.ID, ev.OwnerKind, nullString(incidentID), nullString(caseID), ev.Kind, sl.seal("filename", ev.Filename), ev.ContentType,
			ev.Size, ev.SHA256, keyID, sl.seal("description", ev.Description), nullString(ev.UploadedBy), fmtTime(tx.now),
			boolInt(ev.Clinical)); err != nil {
			return tx.mapErr(err, "evidence")
		}
		if err := tx.custody(ev.ID, key, haki.CustodyUpload, ""); err != nil {
			return err
		}
		if caseID != "" {
			if err := tx.caseEvent(caseID, haki.EventDocument, tx.now, ev.Kind, "evidence", ev.ID); err != nil {
				return err
			}
		}
		after, err := sealAudit(keyID, key, ev)
		if err != nil {
			return err
		}
		return tx.audit("create", "evidence", ev.ID, nil, after)
	})
	if err != nil {
		os.Remove(evidencePath(e.dir, ev.ID))
	}
	return err
}

// custody appends a line to a file's chain of custody; the reason is
// sealed with the file's key, since it may name someone.
func (tx *Tx) custody(id string, key []byte, action, reason string) error {
	var username string
	if tx.user != nil {
		username = tx.user.Username
	}
	_, err := tx.exec(`INSERT INTO evidence_custody (evidence_id, action, user_id, username, at, reason, request_id) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		id, action, tx.userID(), username, fmtTime(tx.now), (sealer{key, "evidence", id}).seal("custody_reason", reason),
		haki.RequestIDFromContext(tx.ctx))
	return err
}

// findEvidence returns a file's record if the user may see its owner.
func (tx *Tx) findEvidence(id string) (*haki.Evidence, []byte, error) {
	ev, key, err := tx.s.scanEvidence(tx.queryRow(`SELECT `+evidenceColumns+` FROM `+evidenceFrom+` WHERE ev.id = ?`, id))
	if err != nil {
		return nil, nil, tx.mapErr(err, "evidence")
	}
	if err := tx.requireOwner(ev.OwnerKind, ev.OwnerID, false); err != nil {
		if haki.ErrorCode(err) == haki.ENOTFOUND {
			return nil, nil, haki.Errorf(haki.ENOTFOUND, "No such evidence.")
		}
		return nil, nil, err
	}
	if ev.Clinical && !readsClinical(tx.user, ev.UploadedBy) {
		return nil, nil, haki.Errorf(haki.ENOTFOUND, "No such evidence.")
	}
	return ev, key, nil
}

// FindEvidenceByID returns a file's record and its chain of custody, and
// records the view in it.
func (e *EvidenceStore) FindEvidenceByID(ctx context.Context, id string) (*haki.Evidence, []*haki.CustodyEntry, error) {
	var ev *haki.Evidence
	var log []*haki.CustodyEntry
	err := e.s.write(ctx, func(tx *Tx) error {
		var key []byte
		var err error
		if ev, key, err = tx.findEvidence(id); err != nil {
			return err
		}
		if err := tx.custody(id, key, haki.CustodyView, ""); err != nil {
			return err
		}
		log, err = tx.custodyLog(id, key)
		return err
	})
	return ev, log, err
}

func (tx *Tx) custodyLog(id string, key []byte) ([]*haki.CustodyEntry, error) {
	rows, err := tx.query(`SELECT action, user_id, username, at, reason, request_id FROM evidence_custody WHERE evidence_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	sl := sealer{key, "evidence", id}
	out := []*haki.CustodyEntry{}
	for rows.Next() {
		c := &haki.CustodyEntry{}
		var at string
		if err := rows.Scan(&c.Action, &c.UserID, &c.Username, &at, &c.Reason, &c.RequestID); err != nil {
			return nil, err
		}
		c.At = parseTime(at)
		if c.Reason, err = sl.open("custody_reason", c.Reason); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// FindEvidence lists the files of an incident or a case, oldest first.
func (e *EvidenceStore) FindEvidence(ctx context.Context, ownerKind, ownerID string) ([]*haki.Evidence, error) {
	col := "incident_id"
	switch ownerKind {
	case haki.OwnerCase:
		col = "case_id"
	case haki.OwnerPublicReport:
		col = "public_report_id"
	}
	out := []*haki.Evidence{}
	err := e.s.read(ctx, func(tx *Tx) error {
		if err := tx.requireOwner(ownerKind, ownerID, false); err != nil {
			return err
		}
		cond, args := clinicalFiles("ev", tx.user)
		rows, err := tx.query(`SELECT `+evidenceColumns+` FROM `+evidenceFrom+` WHERE ev.`+col+` = ? AND `+cond+` ORDER BY ev.uploaded_at, ev.id`,
			append([]any{ownerID}, args...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			ev, _, err := tx.s.scanEvidence(rows)
			if err != nil {
				return err
			}
			out = append(out, ev)
		}
		return rows.Err()
	})
	return out, err
}

// OpenEvidence records a download (or export) with its reason in the chain
// of custody, checks the stored file against the hash taken at upload, and
// returns a reader of its plaintext for the caller to close. A file that
// fails the check is refused, and the failure is audited.
func (e *EvidenceStore) OpenEvidence(ctx context.Context, id, action, reason string) (*haki.Evidence, io.ReadCloser, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, nil, &haki.Error{Code: haki.EINVALID, Message: "Say why you need the file.",
			Fields: map[string]string{"reason": "Say why you need the file."}}
	}
	if action != haki.CustodyDownload && action != haki.CustodyExport {
		return nil, nil, fmt.Errorf("open evidence: unknown action %q", action)
	}
	var ev *haki.Evidence
	var key []byte
	err := e.s.write(ctx, func(tx *Tx) (err error) {
		if ev, key, err = tx.findEvidence(id); err != nil {
			return err
		}
		return tx.custody(id, key, action, reason)
	})
	if err != nil {
		return nil, nil, err
	}
	if err := checkEvidenceFile(e.dir, id, key, ev.SHA256); err != nil {
		if aerr := e.s.Audit(ctx, "integrity_failure", "evidence", id, map[string]string{"check": "download"}); aerr != nil {
			err = errors.Join(err, aerr)
		}
		return nil, nil, err
	}
	r, err := openEvidenceFile(e.dir, id, key)
	return ev, r, err
}

// EvidenceProblem is a stored file that failed a check.
type EvidenceProblem struct {
	ID     string
	Detail string
}

// VerifyEvidence re-checks every stored file: it exists, decrypts, and has
// the SHA-256 taken at upload. It is for the shell (haki verify), which
// acts for no user; it returns how many files were checked and the problems.
func (e *EvidenceStore) VerifyEvidence(ctx context.Context) (int, []EvidenceProblem, error) {
	type file struct {
		id, sum string
		key     []byte
	}
	var files []file
	err := e.s.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(`SELECT ev.id, ev.sha256, ek.master_id, ek.wrapped FROM ` + evidenceFrom + ` ORDER BY ev.id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var f file
			var master, wrapped string
			if err := rows.Scan(&f.id, &f.sum, &master, &wrapped); err != nil {
				return err
			}
			if f.key, err = tx.s.keys.Unwrap(master, wrapped); err != nil {
				return err
			}
			files = append(files, f)
		}
		return rows.Err()
	})
	if err != nil {
		return 0, nil, err
	}
	var problems []EvidenceProblem
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return 0, nil, err
		}
		if err := checkEvidenceFile(e.dir, f.id, f.key, f.sum); err != nil {
			problems = append(problems, EvidenceProblem{ID: f.id, Detail: err.Error()})
			if aerr := e.s.Audit(ctx, "integrity_failure", "evidence", f.id, map[string]string{"check": "verify"}); aerr != nil {
				return 0, nil, aerr
			}
		}
	}
	return len(files), problems, nil
}
