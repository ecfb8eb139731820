package store

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/haki-kenya/haki"
)

// caseSealed lists, per table of records that belong to a case, the
// columns sealed with the case's data key. Erasing a client destroys that
// key, so these columns are emptied with it (privacy.go): the records stay
// for statistics, without words that could no longer be read anyway.
// Every table that seals with the case key adds itself here.
var caseSealed = []struct {
	table   string
	columns []string
}{
	{"case_events", []string{"summary"}},
	{"consents", []string{"guardian_name", "notes"}},
	{"case_assessments", []string{"threatened_by", "safe_times", "notes"}},
	{"services", []string{"outcome", "notes"}}, {"referrals", []string{"reason", "feedback"}},
	{"legal_matters", []string{"case_number", "counsel_name", "sentence", "notes"}}, {"hearings", []string{"what_happened"}}, {"events", []string{"notes"}}, {"contact_attempts", []string{"notes"}}, {"tasks", []string{"title", "notes", "delegation_note"}},
	{"case_stories", []string{"title", "body"}},
	{"evaluations", []string{"evaluator_name", "content"}}, {"evaluation_addenda", []string{"reason", "body", "signer_name"}},
}

// emptyCaseSealed empties the sealed columns of every record of the
// client's cases.
func (tx *Tx) emptyCaseSealed(clientID string) error {
	for _, t := range caseSealed {
		set := make([]string, len(t.columns))
		for i, c := range t.columns {
			set[i] = c + " = ''"
		}
		if _, err := tx.exec(`UPDATE `+t.table+` SET `+strings.Join(set, ", ")+
			` WHERE case_id IN (SELECT id FROM cases WHERE client_id = ?)`, clientID); err != nil {
			return err
		}
	}
	return nil
}

// caseEvent writes a line of a case's timeline, its summary sealed with the
// case's key. Call it in the transaction that writes the record it tells of.
func (tx *Tx) caseEvent(caseID, kind string, at time.Time, summary, refKind, refID string) error {
	_, err := tx.addCaseEvent(caseID, kind, at, summary, refKind, refID)
	return err
}

// addCaseEvent is caseEvent returning the new event's id.
func (tx *Tx) addCaseEvent(caseID, kind string, at time.Time, summary, refKind, refID string) (string, error) {
	_, key, err := tx.caseKey(caseID)
	if err != nil {
		return "", err
	}
	id := newID()
	if at.IsZero() {
		at = tx.now
	}
	_, err = tx.exec(`INSERT INTO case_events (id, case_id, kind, occurred_at, summary, ref_kind, ref_id, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, caseID, kind, fmtTime(at), (sealer{key, "case_event", id}).seal("summary", summary),
		refKind, refID, nullString(tx.userID()), fmtTime(tx.now))
	return id, tx.mapErr(err, "case")
}

// FindCaseEvents returns a case's timeline, newest first; kind, if not
// empty, keeps only events of that kind.
func (s *Store) FindCaseEvents(ctx context.Context, caseID, kind string) ([]*haki.CaseEvent, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermCaseRead, "case"); err != nil {
		return nil, err
	}
	if kind != "" && !slices.Contains(haki.CaseEventKinds, kind) {
		return nil, haki.Errorf(haki.EINVALID, "Choose a kind of event from the list.")
	}
	var out []*haki.CaseEvent
	err := s.read(ctx, func(tx *Tx) error {
		if _, err := tx.findCase(caseID); err != nil {
			return err
		}
		_, key, err := tx.caseKeyForRead(caseID)
		if err != nil {
			return err
		}
		q := `SELECT e.id, e.kind, e.occurred_at, e.summary, e.ref_kind, e.ref_id, COALESCE(e.created_by, ''), e.created_at,
			COALESCE(u.display_name, u.username, '') FROM case_events e LEFT JOIN users u ON u.id = e.created_by WHERE e.case_id = ?`
		args := []any{caseID}
		if kind != "" {
			q += ` AND e.kind = ?`
			args = append(args, kind)
		}
		rows, err := tx.query(q+` ORDER BY e.occurred_at DESC, e.id DESC LIMIT 1000`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			e := &haki.CaseEvent{CaseID: caseID}
			var at, created string
			if err := rows.Scan(&e.ID, &e.Kind, &at, &e.Summary, &e.RefKind, &e.RefID, &e.CreatedBy, &created, &e.CreatedByName); err != nil {
				return err
			}
			e.OccurredAt, e.CreatedAt = parseTime(at), parseTime(created)
			if key == nil {
				e.Summary = ""
			} else if e.Summary, err = (sealer{key, "case_event", e.ID}).open("summary", e.Summary); err != nil {
				return err
			}
			out = append(out, e)
		}
		return rows.Err()
	})
	return out, err
}

// caseKeyForRead returns a case's data key without making one: nil when
// the case has none (its client was erased).
func (tx *Tx) caseKeyForRead(caseID string) (string, []byte, error) {
	var keyID string
	if err := tx.queryRow(`SELECT COALESCE(key_id, '') FROM cases WHERE id = ?`, caseID).Scan(&keyID); err != nil {
		return "", nil, tx.mapErr(err, "case")
	}
	if keyID == "" {
		return "", nil, nil
	}
	key, err := tx.dataKey(keyID)
	return keyID, key, err
}

// AddCaseNote writes a note on a case's timeline. Anyone who works on the
// case may, network professionals included.
func (s *Store) AddCaseNote(ctx context.Context, caseID, body string) (*haki.CaseEvent, error) {
	if err := require(haki.UserFromContext(ctx), haki.PermCaseWork); err != nil {
		return nil, err
	}
	body, err := haki.ValidateNote(body)
	if err != nil {
		return nil, err
	}
	var e *haki.CaseEvent
	err = s.write(ctx, func(tx *Tx) error {
		if _, err := tx.findCase(caseID); err != nil {
			return err
		}
		id, err := tx.addCaseEvent(caseID, haki.EventNote, tx.now, body, "", "")
		if err != nil {
			return err
		}
		e = &haki.CaseEvent{ID: id, CaseID: caseID, Kind: haki.EventNote, OccurredAt: tx.now, Summary: body, CreatedBy: tx.userID(), CreatedAt: tx.now}
		keyID, key, err := tx.caseKey(caseID)
		if err != nil {
			return err
		}
		a, err := sealAudit(keyID, key, e)
		if err != nil {
			return err
		}
		return tx.audit("create", "case_note", id, nil, a)
	})
	return e, err
}
