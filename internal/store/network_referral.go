package store

import (
	"context"
	"time"

	"github.com/haki-kenya/haki"
)

// Referrals from a case to a network professional or a partner
// institution. The reason and the feedback are sealed with the case's key.
// Sending a referral to a professional who has an account assigns them to
// the case, so they see it (and only it); declining takes that back.

const referralFrom = `referrals rf JOIN cases c ON c.id = rf.case_id LEFT JOIN professionals pr ON pr.id = rf.professional_id
	LEFT JOIN data_keys prk ON prk.id = pr.key_id LEFT JOIN partners pa ON pa.id = rf.partner_id`

const referralColumns = `rf.id, rf.case_id, COALESCE(rf.professional_id, ''), COALESCE(rf.partner_id, ''), rf.reason, rf.status, rf.sent_on,
	rf.due_on, rf.responded_on, rf.completed_on, rf.feedback, COALESCE(rf.sent_by, ''), rf.created_at, rf.updated_at, rf.version,
	COALESCE(pr.name, pa.name, ''), COALESCE(pr.profession, pa.kind, ''), c.ref, COALESCE(prk.master_id, ''), COALESCE(prk.wrapped, '')`

// scanReferral reads a row of referralColumns, opening the sealed name of
// the professional it went to; openReferral opens the rest.
func (s *Store) scanReferral(row interface{ Scan(...any) error }, now time.Time) (*haki.Referral, error) {
	r := &haki.Referral{}
	var sent, due, responded, completed, created, updated, master, wrapped string
	if err := row.Scan(&r.ID, &r.CaseID, &r.ProfessionalID, &r.PartnerID, &r.Reason, &r.Status, &sent, &due, &responded, &completed,
		&r.Feedback, &r.SentBy, &created, &updated, &r.Version, &r.ToName, &r.ToKind, &r.CaseRef, &master, &wrapped); err != nil {
		return nil, err
	}
	if r.ProfessionalID != "" {
		var err error
		if r.ToName, err = s.openProfessionalName(r.ProfessionalID, r.ToName, master, wrapped); err != nil {
			return nil, err
		}
	}
	r.SentOn, r.DueOn, r.RespondedOn, r.CompletedOn = parseDate(sent), parseDate(due), parseDate(responded), parseDate(completed)
	r.CreatedAt, r.UpdatedAt = parseTime(created), parseTime(updated)
	r.Overdue = r.IsOverdue(haki.Today(now))
	return r, nil
}

func openReferral(r *haki.Referral, key []byte) error {
	if key == nil {
		r.Reason, r.Feedback = "", ""
		return nil
	}
	return (sealer{key, "referral", r.ID}).openAll(map[string]*string{"reason": &r.Reason, "feedback": &r.Feedback})
}

// referralConsent is the consent a referral needs: sharing with partners
// for an institution, care for a network professional.
func referralConsent(r *haki.Referral) string {
	if r.PartnerID != "" {
		return haki.ConsentSharing
	}
	return haki.ConsentCare
}

// CreateReferral sends a client on a case to a network professional or a
// partner institution. The client must have given the consent it needs
// (care, or sharing with partners) unless an administrator overrides it
// with a reason. A professional with an account is assigned to the case.
func (s *Store) CreateReferral(ctx context.Context, r *haki.Referral) error {
	if err := require(haki.UserFromContext(ctx), haki.PermCaseWrite); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		c, err := tx.findCase(r.CaseID)
		if err != nil {
			return err
		}
		pr := haki.Problems{}
		r.Normalize()
		if err := r.Validate(tx.now); err != nil {
			for k, m := range haki.ErrorFields(err) {
				pr.Add(k, m)
			}
		}
		var userID string
		if r.ProfessionalID != "" {
			err := tx.queryRow(`SELECT COALESCE(user_id, '') FROM professionals WHERE id = ?`, r.ProfessionalID).Scan(&userID)
			if isNoRows(err) {
				pr.Add("to", "Choose a professional from the directory.")
			} else if err != nil {
				return err
			}
		}
		if r.PartnerID != "" {
			if _, err := tx.findPartner(r.PartnerID); haki.ErrorCode(err) == haki.ENOTFOUND {
				pr.Add("to", "Choose a partner institution from the list.")
			} else if err != nil {
				return err
			}
		}
		if err := pr.Err(); err != nil {
			return err
		}
		if err := tx.checkConsent(r.CaseID, referralConsent(r), "referral", r.OverrideReason); err != nil {
			return err
		}
		keyID, key, err := tx.caseKey(r.CaseID)
		if err != nil {
			return err
		}
		r.ID, r.Status, r.SentBy, r.CreatedAt, r.UpdatedAt, r.Version, r.CaseRef = newID(), haki.ReferralSent, tx.userID(), tx.now, tx.now, 1, c.Ref
		r.RespondedOn, r.CompletedOn, r.Feedback = time.Time{}, time.Time{}, ""
		sl := sealer{key, "referral", r.ID}
		if _, err := tx.exec(`INSERT INTO referrals (id, case_id, professional_id, partner_id, reason, status, sent_on, due_on, sent_by,
			created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
			r.ID, r.CaseID, nullString(r.ProfessionalID), nullString(r.PartnerID), sl.seal("reason", r.Reason), r.Status,
			fmtDate(r.SentOn), fmtDate(r.DueOn), nullString(r.SentBy), fmtTime(tx.now), fmtTime(tx.now)); err != nil {
			return tx.mapErr(err, "referral")
		}
		if userID != "" && userID != c.CaseworkerID {
			if _, err := tx.exec(`INSERT INTO case_assignments (case_id, user_id, referral_id) SELECT ?, ?, ?
				WHERE NOT EXISTS (SELECT 1 FROM case_assignments WHERE case_id = ? AND user_id = ?)`,
				r.CaseID, userID, r.ID, r.CaseID, userID); err != nil {
				return tx.mapErr(err, "referral")
			}
		}
		to := "partner"
		if r.ProfessionalID != "" {
			to = "professional"
		}
		if err := tx.caseEvent(r.CaseID, haki.EventReferral, r.SentOn, "referral sent to a "+to+", due "+fmtDate(r.DueOn), "referral", r.ID); err != nil {
			return err
		}
		audited := *r
		audited.OverrideReason = ""
		a, err := sealAudit(keyID, key, &audited)
		if err != nil {
			return err
		}
		r.Overdue = r.IsOverdue(tx.now)
		if err := tx.notify(userID, haki.NoticeReferral, "referral", r.ID, r.CaseID, "/cases/"+r.CaseID+"#referrals"); err != nil {
			return err
		}
		return tx.audit("create", "referral", r.ID, nil, a)
	})
}

// FindReferrals returns the referrals of a case the caller may see, latest first.
func (s *Store) FindReferrals(ctx context.Context, caseID string) ([]*haki.Referral, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermCaseRead, "case"); err != nil {
		return nil, err
	}
	var out []*haki.Referral
	err := s.read(ctx, func(tx *Tx) (err error) {
		out, err = caseRows(tx, caseID, `SELECT `+referralColumns+` FROM `+referralFrom+` WHERE rf.case_id = ?
			ORDER BY rf.sent_on DESC, rf.id DESC LIMIT 1000`,
			func(row interface{ Scan(...any) error }, key []byte) (*haki.Referral, error) {
				r, err := tx.s.scanReferral(row, tx.now)
				if err != nil {
					return nil, err
				}
				return r, openReferral(r, key)
			})
		return err
	})
	return out, err
}

// FindReferralByID returns a referral of a case the caller may see.
func (s *Store) FindReferralByID(ctx context.Context, id string) (*haki.Referral, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermCaseRead, "referral"); err != nil {
		return nil, err
	}
	var r *haki.Referral
	err := s.read(ctx, func(tx *Tx) (err error) {
		r, err = tx.findReferral(id)
		return err
	})
	return r, err
}

func (tx *Tx) findReferral(id string) (*haki.Referral, error) {
	r, err := tx.s.scanReferral(tx.queryRow(`SELECT `+referralColumns+` FROM `+referralFrom+` WHERE rf.id = ?`, id), tx.now)
	if err != nil {
		return nil, tx.mapErr(err, "referral")
	}
	if _, err := tx.findCase(r.CaseID); haki.ErrorCode(err) == haki.ENOTFOUND {
		return nil, haki.Errorf(haki.ENOTFOUND, "No such referral.")
	} else if err != nil {
		return nil, err
	}
	_, key, err := tx.caseKeyForRead(r.CaseID)
	if err != nil {
		return nil, err
	}
	return r, openReferral(r, key)
}

// MayRespond reports whether the caller may answer a referral: those who
// manage the case, and the professional it was sent to.
func MayRespond(u *haki.User, r *haki.Referral, myProfessionalID string) bool {
	if u.Can(haki.PermCaseWrite) {
		return true
	}
	return u.Can(haki.PermCaseWork) && r.ProfessionalID != "" && r.ProfessionalID == myProfessionalID
}

// RespondReferral records an answer to a referral: accepted, declined or
// completed, on a day, with feedback. The professional it was sent to may
// answer, and so may those who manage the case (recording what a partner
// said). Declining takes back the assignment the referral made.
func (s *Store) RespondReferral(ctx context.Context, id string, resp *haki.ReferralResponse) (*haki.Referral, error) {
	if err := require(haki.UserFromContext(ctx), haki.PermCaseWork); err != nil {
		return nil, err
	}
	var r *haki.Referral
	err := s.write(ctx, func(tx *Tx) error {
		before, err := tx.findReferral(id)
		if err != nil {
			return err
		}
		mine, err := tx.professionalOfUser(tx.userID())
		if err != nil {
			return err
		}
		if !MayRespond(tx.user, before, mine) {
			return haki.Errorf(haki.EFORBIDDEN, "Only the professional this referral was sent to, or the case's caseworker, may answer it.")
		}
		resp.Normalize()
		if err := resp.Validate(before.Status, tx.now); err != nil {
			return err
		}
		if resp.On.Before(before.SentOn) {
			return &haki.Error{Code: haki.EINVALID, Message: "Some fields need attention.",
				Fields: map[string]string{"on": "The day of the answer is before the referral was sent."}}
		}
		after := *before
		switch resp.Action {
		case "accept":
			after.Status, after.RespondedOn = haki.ReferralAccepted, resp.On
		case "decline":
			after.Status, after.RespondedOn = haki.ReferralDeclined, resp.On
		case "complete":
			after.Status, after.CompletedOn = haki.ReferralCompleted, resp.On
			if after.RespondedOn.IsZero() {
				after.RespondedOn = resp.On
			}
		}
		if resp.Feedback != "" {
			after.Feedback = resp.Feedback
		}
		keyID, key, err := tx.caseKey(before.CaseID)
		if err != nil {
			return err
		}
		if err := tx.execOne("referral", `UPDATE referrals SET status = ?, responded_on = ?, completed_on = ?, feedback = ?, updated_at = ?,
			version = version + 1 WHERE id = ? AND version = ?`, after.Status, fmtDate(after.RespondedOn), fmtDate(after.CompletedOn),
			(sealer{key, "referral", id}).seal("feedback", after.Feedback), fmtTime(tx.now), id, resp.Version); err != nil {
			return err
		}
		after.UpdatedAt, after.Version = tx.now, before.Version+1
		after.Overdue = after.IsOverdue(tx.now)
		if after.Status == haki.ReferralDeclined {
			if err := tx.releaseReferralAssignment(&after); err != nil {
				return err
			}
		}
		if err := tx.caseEvent(after.CaseID, haki.EventReferral, resp.On, "referral "+after.Status, "referral", id); err != nil {
			return err
		}
		b, err := sealAudit(keyID, key, before)
		if err != nil {
			return err
		}
		a, err := sealAudit(keyID, key, &after)
		if err != nil {
			return err
		}
		r = &after
		return tx.audit("update", "referral", id, b, a)
	})
	return r, err
}

// releaseReferralAssignment takes back the case assignment a declined
// referral made, unless another open or completed referral of the case to
// the same professional still stands, which then holds it instead. An
// assignment made otherwise is left alone.
func (tx *Tx) releaseReferralAssignment(r *haki.Referral) error {
	var other string
	err := tx.queryRow(`SELECT id FROM referrals WHERE case_id = ? AND professional_id = ? AND id <> ? AND status <> ?
		ORDER BY sent_on, id LIMIT 1`, r.CaseID, r.ProfessionalID, r.ID, haki.ReferralDeclined).Scan(&other)
	if isNoRows(err) {
		_, err = tx.exec(`DELETE FROM case_assignments WHERE case_id = ? AND referral_id = ?`, r.CaseID, r.ID)
		return err
	} else if err != nil {
		return err
	}
	_, err = tx.exec(`UPDATE case_assignments SET referral_id = ? WHERE case_id = ? AND referral_id = ?`, other, r.CaseID, r.ID)
	return err
}

// FindOverdueReferrals returns the referrals still sent or accepted past
// their due date, of the cases the caller may see, most overdue first.
func (s *Store) FindOverdueReferrals(ctx context.Context) ([]*haki.Referral, error) {
	return s.findOverdueReferrals(ctx, false, 500)
}

// FindMyOverdueReferrals returns the caller's own overdue referrals, at
// most limit: those they sent, of the cases they are caseworker of, or
// made to them as a network professional.
func (s *Store) FindMyOverdueReferrals(ctx context.Context, limit int) ([]*haki.Referral, error) {
	return s.findOverdueReferrals(ctx, true, min(max(limit, 1), 500))
}

func (s *Store) findOverdueReferrals(ctx context.Context, mine bool, limit int) ([]*haki.Referral, error) {
	u := haki.UserFromContext(ctx)
	if err := require(u, haki.PermCaseRead); err != nil {
		return nil, err
	}
	cond, args := visibleCases("c", u)
	if mine {
		cond += ` AND (rf.sent_by = ? OR c.caseworker_id = ? OR pr.user_id = ?)`
		args = append(args, u.ID, u.ID, u.ID)
	}
	out := []*haki.Referral{}
	err := s.read(ctx, func(tx *Tx) error {
		today := fmtDate(haki.Today(tx.now))
		rows, err := tx.query(`SELECT `+referralColumns+` FROM `+referralFrom+` WHERE rf.status IN (?, ?) AND rf.due_on < ? AND `+cond+`
			ORDER BY rf.due_on, rf.id LIMIT ?`, append(append([]any{haki.ReferralSent, haki.ReferralAccepted, today}, args...), limit)...)
		if err != nil {
			return err
		}
		for rows.Next() {
			r, err := tx.s.scanReferral(rows, tx.now)
			if err != nil {
				rows.Close()
				return err
			}
			out = append(out, r)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		keys := map[string][]byte{}
		for _, r := range out {
			key, ok := keys[r.CaseID]
			if !ok {
				if _, key, err = tx.caseKeyForRead(r.CaseID); err != nil {
					return err
				}
				keys[r.CaseID] = key
			}
			if err := openReferral(r, key); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}
