package store

import (
	"context"
	"strconv"

	"github.com/haki-kenya/haki"
)

// Services delivered on a case. Their outcome and notes are sealed with the
// case's key. A group session is one row per attendee case, sharing a
// group_id: each case reads only its own row.

const serviceFrom = `services sv JOIN cases c ON c.id = sv.case_id LEFT JOIN users su ON su.id = sv.staff_id
	LEFT JOIN professionals pr ON pr.id = sv.professional_id LEFT JOIN data_keys prk ON prk.id = pr.key_id`

const serviceColumns = `sv.id, sv.case_id, sv.group_id, sv.service_type, COALESCE(sv.staff_id, ''), COALESCE(sv.professional_id, ''),
	sv.delivered_on, sv.duration_minutes, sv.cost_kes, sv.outcome, sv.notes, COALESCE(sv.created_by, ''), sv.created_at, sv.updated_at,
	sv.version, COALESCE(NULLIF(su.display_name, ''), su.username, pr.name, ''), c.ref, COALESCE(prk.master_id, ''), COALESCE(prk.wrapped, '')`

// scanService reads a row of serviceColumns, opening the sealed name of a
// professional provider; the sealed fields are opened by openService.
func (s *Store) scanService(row interface{ Scan(...any) error }) (*haki.Service, error) {
	sv := &haki.Service{}
	var on, created, updated, master, wrapped string
	if err := row.Scan(&sv.ID, &sv.CaseID, &sv.GroupID, &sv.Type, &sv.StaffID, &sv.ProfessionalID, &on, &sv.DurationMinutes,
		&sv.CostKES, &sv.Outcome, &sv.Notes, &sv.CreatedBy, &created, &updated, &sv.Version, &sv.ProviderName, &sv.CaseRef,
		&master, &wrapped); err != nil {
		return nil, err
	}
	if sv.StaffID == "" && sv.ProfessionalID != "" {
		var err error
		if sv.ProviderName, err = s.openProfessionalName(sv.ProfessionalID, sv.ProviderName, master, wrapped); err != nil {
			return nil, err
		}
	}
	sv.DeliveredOn, sv.CreatedAt, sv.UpdatedAt = parseDate(on), parseTime(created), parseTime(updated)
	return sv, nil
}

// openService opens the sealed fields with the case's key (nil: the
// client was erased).
func openService(sv *haki.Service, key []byte) error {
	if key == nil {
		sv.Outcome, sv.Notes = "", ""
		return nil
	}
	return (sealer{key, "service", sv.ID}).openAll(map[string]*string{"outcome": &sv.Outcome, "notes": &sv.Notes})
}

// checkService fills the default provider, validates sv and checks whom it
// names. A network professional with an account who records a service
// without naming a provider delivered it themselves.
func (tx *Tx) checkService(sv *haki.Service) error {
	if sv.StaffID == "" && sv.ProfessionalID == "" && tx.user != nil && tx.user.Role == haki.RoleProfessional {
		id, err := tx.professionalOfUser(tx.user.ID)
		if err != nil {
			return err
		}
		sv.ProfessionalID = id
	}
	pr := haki.Problems{}
	sv.Normalize()
	if err := sv.Validate(tx.now); err != nil {
		for k, m := range haki.ErrorFields(err) {
			pr.Add(k, m)
		}
	}
	if err := tx.checkStaff(pr, "provider", sv.StaffID, haki.RoleCaseworker, haki.RoleAdmin, haki.RoleDataManager); err != nil {
		return err
	}
	if sv.ProfessionalID != "" {
		if _, err := tx.findProfessional(sv.ProfessionalID); haki.ErrorCode(err) == haki.ENOTFOUND {
			pr.Add("provider", "Choose a professional from the directory.")
		} else if err != nil {
			return err
		}
	}
	return pr.Err()
}

// CreateService records a service on a case. With AttendeeCaseIDs it is a
// group session: one service for this case and one for each attendee's
// case, sharing a group id and the session's cost, each on its own case's
// timeline. Every case must be one the caller may see.
func (s *Store) CreateService(ctx context.Context, sv *haki.Service) error {
	if err := require(haki.UserFromContext(ctx), haki.PermCaseWork); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		if _, err := tx.findCase(sv.CaseID); err != nil {
			return err
		}
		if err := tx.checkService(sv); err != nil {
			return err
		}
		caseIDs := []string{sv.CaseID}
		for _, id := range dedupe(sv.AttendeeCaseIDs) {
			if id == sv.CaseID {
				continue
			}
			if _, err := tx.findCase(id); haki.ErrorCode(err) == haki.ENOTFOUND {
				return &haki.Error{Code: haki.EINVALID, Message: "Some fields need attention.",
					Fields: map[string]string{"attendee_case_ids": "Choose attendees' cases from those you can see."}}
			} else if err != nil {
				return err
			}
			caseIDs = append(caseIDs, id)
		}
		total, n := sv.CostKES, int64(len(caseIDs))
		if n > 1 {
			sv.GroupID = newID()
		}
		for i, caseID := range caseIDs {
			row := *sv
			row.ID, row.CaseID, row.CostKES, row.AttendeeCaseIDs = newID(), caseID, total/n, nil
			if i == 0 {
				row.CostKES += total % n
			}
			if err := tx.insertService(&row, len(caseIDs)); err != nil {
				return err
			}
			if i == 0 {
				attendees := sv.AttendeeCaseIDs
				*sv = row
				sv.AttendeeCaseIDs = attendees
			}
		}
		return nil
	})
}

// insertService writes one service row, its timeline line and its audit entry.
func (tx *Tx) insertService(sv *haki.Service, attendees int) error {
	keyID, key, err := tx.caseKey(sv.CaseID)
	if err != nil {
		return err
	}
	sv.CreatedBy, sv.CreatedAt, sv.UpdatedAt, sv.Version = tx.userID(), tx.now, tx.now, 1
	sl := sealer{key, "service", sv.ID}
	if _, err := tx.exec(`INSERT INTO services (id, case_id, group_id, service_type, staff_id, professional_id, delivered_on, duration_minutes,
		cost_kes, outcome, notes, created_by, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
		sv.ID, sv.CaseID, sv.GroupID, sv.Type, nullString(sv.StaffID), nullString(sv.ProfessionalID), fmtDate(sv.DeliveredOn),
		sv.DurationMinutes, sv.CostKES, sl.seal("outcome", sv.Outcome), sl.seal("notes", sv.Notes), nullString(sv.CreatedBy),
		fmtTime(tx.now), fmtTime(tx.now)); err != nil {
		return tx.mapErr(err, "service")
	}
	summary := "service: " + sv.Type
	if attendees > 1 {
		summary += " (group session, " + strconv.Itoa(attendees) + " attendees)"
	}
	if err := tx.caseEvent(sv.CaseID, haki.EventService, sv.DeliveredOn, summary, "service", sv.ID); err != nil {
		return err
	}
	a, err := sealAudit(keyID, key, sv)
	if err != nil {
		return err
	}
	return tx.audit("create", "service", sv.ID, nil, a)
}

// FindServices returns the services of a case the caller may see, latest first.
func (s *Store) FindServices(ctx context.Context, caseID string) ([]*haki.Service, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermCaseRead, "case"); err != nil {
		return nil, err
	}
	var out []*haki.Service
	err := s.read(ctx, func(tx *Tx) (err error) {
		out, err = caseRows(tx, caseID, `SELECT `+serviceColumns+` FROM `+serviceFrom+` WHERE sv.case_id = ?
			ORDER BY sv.delivered_on DESC, sv.id DESC LIMIT 1000`,
			func(row interface{ Scan(...any) error }, key []byte) (*haki.Service, error) {
				sv, err := tx.s.scanService(row)
				if err != nil {
					return nil, err
				}
				return sv, openService(sv, key)
			})
		return err
	})
	return out, err
}

// caseRows returns what q finds for a case the caller may see (ENOTFOUND
// otherwise); q's one argument is the case's ID. scan makes each row with
// the case's data key (nil once the client is erased). The list is never nil.
func caseRows[T any](tx *Tx, caseID, q string, scan func(row interface{ Scan(...any) error }, key []byte) (T, error)) ([]T, error) {
	if _, err := tx.findCase(caseID); err != nil {
		return nil, err
	}
	_, key, err := tx.caseKeyForRead(caseID)
	if err != nil {
		return nil, err
	}
	rows, err := tx.query(q, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		v, err := scan(rows, key)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// FindServiceByID returns a service of a case the caller may see.
func (s *Store) FindServiceByID(ctx context.Context, id string) (*haki.Service, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermCaseRead, "service"); err != nil {
		return nil, err
	}
	var sv *haki.Service
	err := s.read(ctx, func(tx *Tx) (err error) {
		sv, err = tx.findService(id)
		return err
	})
	return sv, err
}

// findService returns a service whose case the caller may see, opened.
func (tx *Tx) findService(id string) (*haki.Service, error) {
	sv, err := tx.s.scanService(tx.queryRow(`SELECT `+serviceColumns+` FROM `+serviceFrom+` WHERE sv.id = ?`, id))
	if err != nil {
		return nil, tx.mapErr(err, "service")
	}
	if _, err := tx.findCase(sv.CaseID); haki.ErrorCode(err) == haki.ENOTFOUND {
		return nil, haki.Errorf(haki.ENOTFOUND, "No such service.")
	} else if err != nil {
		return nil, err
	}
	_, key, err := tx.caseKeyForRead(sv.CaseID)
	if err != nil {
		return nil, err
	}
	return sv, openService(sv, key)
}

// mayChangeService refuses a network professional (who works on cases but
// does not manage them) a service someone else recorded.
func (tx *Tx) mayChangeService(sv *haki.Service) error {
	if tx.user.Can(haki.PermCaseWrite) || sv.CreatedBy == tx.user.ID {
		return nil
	}
	return haki.Errorf(haki.EFORBIDDEN, "You may change only the services you recorded.")
}

// UpdateService replaces the fields of one service (one attendee's, for a
// group session); sv.Version must be the version read. Its case stays.
func (s *Store) UpdateService(ctx context.Context, sv *haki.Service) error {
	if err := require(haki.UserFromContext(ctx), haki.PermCaseWork); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		before, err := tx.findService(sv.ID)
		if err != nil {
			return err
		}
		if err := tx.mayChangeService(before); err != nil {
			return err
		}
		sv.AttendeeCaseIDs = nil
		if err := tx.checkService(sv); err != nil {
			return err
		}
		keyID, key, err := tx.caseKey(before.CaseID)
		if err != nil {
			return err
		}
		sl := sealer{key, "service", sv.ID}
		if err := tx.execOne("service", `UPDATE services SET service_type = ?, staff_id = ?, professional_id = ?, delivered_on = ?,
			duration_minutes = ?, cost_kes = ?, outcome = ?, notes = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			sv.Type, nullString(sv.StaffID), nullString(sv.ProfessionalID), fmtDate(sv.DeliveredOn), sv.DurationMinutes, sv.CostKES,
			sl.seal("outcome", sv.Outcome), sl.seal("notes", sv.Notes), fmtTime(tx.now), sv.ID, sv.Version); err != nil {
			return err
		}
		sv.CaseID, sv.GroupID, sv.CaseRef, sv.CreatedBy, sv.CreatedAt = before.CaseID, before.GroupID, before.CaseRef, before.CreatedBy, before.CreatedAt
		sv.UpdatedAt, sv.Version = tx.now, before.Version+1
		if err := tx.caseEvent(sv.CaseID, haki.EventService, tx.now, "service changed: "+sv.Type, "service", sv.ID); err != nil {
			return err
		}
		return tx.auditSealed("update", "service", sv.ID, keyID, key, before, sv)
	})
}

// DeleteService removes one service (one attendee's, for a group session).
func (s *Store) DeleteService(ctx context.Context, id string) error {
	if err := require(haki.UserFromContext(ctx), haki.PermCaseWork); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		before, err := tx.findService(id)
		if err != nil {
			return err
		}
		if err := tx.mayChangeService(before); err != nil {
			return err
		}
		if _, err := tx.exec(`DELETE FROM services WHERE id = ?`, id); err != nil {
			return tx.mapErr(err, "service")
		}
		if err := tx.caseEvent(before.CaseID, haki.EventService, tx.now, "service removed: "+before.Type, "service", id); err != nil {
			return err
		}
		keyID, key, err := tx.caseKey(before.CaseID)
		if err != nil {
			return err
		}
		b, err := sealAudit(keyID, key, before)
		if err != nil {
			return err
		}
		return tx.audit("delete", "service", id, b, nil)
	})
}
