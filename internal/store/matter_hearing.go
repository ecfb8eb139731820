package store

import (
	"context"

	"github.com/haki-kenya/haki"
)

const hearingColumns = `id, matter_id, case_id, starts_at, court, court_station, purpose, what_happened, next_date, COALESCE(created_by, ''),
	created_at, updated_at, version`

// scanHearing reads a row of hearingColumns, opening what happened with the
// case's key (nil: the client was erased).
func scanHearing(row interface{ Scan(...any) error }, key []byte) (*haki.Hearing, error) {
	h := &haki.Hearing{}
	var starts, next, created, updated string
	if err := row.Scan(&h.ID, &h.MatterID, &h.CaseID, &starts, &h.Court, &h.CourtStation, &h.Purpose, &h.WhatHappened, &next, &h.CreatedBy,
		&created, &updated, &h.Version); err != nil {
		return nil, err
	}
	h.StartsAt, h.NextDate, h.CreatedAt, h.UpdatedAt = parseTime(starts), parseDate(next), parseTime(created), parseTime(updated)
	if key == nil {
		h.WhatHappened = ""
		return h, nil
	}
	var err error
	h.WhatHappened, err = (sealer{key, "hearing", h.ID}).open("what_happened", h.WhatHappened)
	return h, err
}

// hearingSummary tells a hearing on the timeline, by codes.
func hearingSummary(h *haki.Hearing) string {
	s := "hearing: " + h.Purpose + ", " + h.Court
	if !h.NextDate.IsZero() {
		s += ", next " + fmtDate(h.NextDate)
	}
	return s
}

// CreateHearing adds a sitting to a legal matter.
func (s *Store) CreateHearing(ctx context.Context, h *haki.Hearing) error {
	if err := require(haki.UserFromContext(ctx), haki.PermCaseWrite); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		m, err := tx.findMatter(h.MatterID)
		if err != nil {
			return err
		}
		h.CaseID = m.CaseID
		if h.Court == "" {
			h.Court, h.CourtStation = m.Court, m.CourtStation
		}
		h.Normalize()
		if err := h.Validate(); err != nil {
			return err
		}
		keyID, key, err := tx.caseKey(h.CaseID)
		if err != nil {
			return err
		}
		h.ID, h.CreatedBy, h.CreatedAt, h.UpdatedAt, h.Version = newID(), tx.userID(), tx.now, tx.now, 1
		if _, err := tx.exec(`INSERT INTO hearings (id, matter_id, case_id, starts_at, court, court_station, purpose, what_happened, next_date,
			created_by, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
			h.ID, h.MatterID, h.CaseID, fmtTime(h.StartsAt), h.Court, h.CourtStation, h.Purpose,
			(sealer{key, "hearing", h.ID}).seal("what_happened", h.WhatHappened), fmtDate(h.NextDate), nullString(h.CreatedBy),
			fmtTime(tx.now), fmtTime(tx.now)); err != nil {
			return tx.mapErr(err, "hearing")
		}
		if err := tx.caseEvent(h.CaseID, haki.EventHearing, h.StartsAt, hearingSummary(h), "hearing", h.ID); err != nil {
			return err
		}
		if err := tx.notify(m.CounselUserID, haki.NoticeHearing, "hearing", h.ID, h.CaseID, "/matters/"+m.ID); err != nil {
			return err
		}
		a, err := sealAudit(keyID, key, h)
		if err != nil {
			return err
		}
		return tx.audit("create", "hearing", h.ID, nil, a)
	})
}

// UpdateHearing replaces a hearing's fields, typically to record what
// happened and the next date; h.Version must be the version read.
func (s *Store) UpdateHearing(ctx context.Context, h *haki.Hearing) error {
	if err := require(haki.UserFromContext(ctx), haki.PermCaseWrite); err != nil {
		return err
	}
	h.Normalize()
	if err := h.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		before, err := tx.findHearing(h.ID)
		if err != nil {
			return err
		}
		h.MatterID, h.CaseID = before.MatterID, before.CaseID
		keyID, key, err := tx.caseKey(h.CaseID)
		if err != nil {
			return err
		}
		if err := tx.execOne("hearing", `UPDATE hearings SET starts_at = ?, court = ?, court_station = ?, purpose = ?, what_happened = ?, next_date = ?,
			updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`, fmtTime(h.StartsAt), h.Court, h.CourtStation, h.Purpose,
			(sealer{key, "hearing", h.ID}).seal("what_happened", h.WhatHappened), fmtDate(h.NextDate), fmtTime(tx.now), h.ID, h.Version); err != nil {
			return err
		}
		h.CreatedBy, h.CreatedAt, h.UpdatedAt, h.Version = before.CreatedBy, before.CreatedAt, tx.now, before.Version+1
		if err := tx.caseEvent(h.CaseID, haki.EventHearing, h.StartsAt, "updated "+hearingSummary(h), "hearing", h.ID); err != nil {
			return err
		}
		return tx.auditSealed("update", "hearing", h.ID, keyID, key, before, h)
	})
}

// FindHearingByID returns a hearing of a case the caller may see.
func (s *Store) FindHearingByID(ctx context.Context, id string) (*haki.Hearing, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermCaseRead, "hearing"); err != nil {
		return nil, err
	}
	var h *haki.Hearing
	err := s.read(ctx, func(tx *Tx) (err error) {
		h, err = tx.findHearing(id)
		return err
	})
	return h, err
}

func (tx *Tx) findHearing(id string) (*haki.Hearing, error) {
	var caseID string
	if err := tx.queryRow(`SELECT case_id FROM hearings WHERE id = ?`, id).Scan(&caseID); err != nil {
		return nil, tx.mapErr(err, "hearing")
	}
	if _, err := tx.findCase(caseID); haki.ErrorCode(err) == haki.ENOTFOUND {
		return nil, haki.Errorf(haki.ENOTFOUND, "No such hearing.")
	} else if err != nil {
		return nil, err
	}
	_, key, err := tx.caseKeyForRead(caseID)
	if err != nil {
		return nil, err
	}
	h, err := scanHearing(tx.queryRow(`SELECT `+hearingColumns+` FROM hearings WHERE id = ?`, id), key)
	return h, tx.mapErr(err, "hearing")
}

// FindHearings returns a matter's hearings, latest first.
func (s *Store) FindHearings(ctx context.Context, matterID string) ([]*haki.Hearing, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermCaseRead, "legal matter"); err != nil {
		return nil, err
	}
	var out []*haki.Hearing
	err := s.read(ctx, func(tx *Tx) error {
		m, err := tx.findMatter(matterID)
		if err != nil {
			return err
		}
		_, key, err := tx.caseKeyForRead(m.CaseID)
		if err != nil {
			return err
		}
		rows, err := tx.query(`SELECT `+hearingColumns+` FROM hearings WHERE matter_id = ? ORDER BY starts_at DESC, id DESC`, matterID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			h, err := scanHearing(rows, key)
			if err != nil {
				return err
			}
			out = append(out, h)
		}
		return rows.Err()
	})
	return out, err
}
