package store

import (
	"context"
	"strings"

	"github.com/haki-kenya/haki"
)

// ChangeCaseStatus moves a case to another status: intake, assessment,
// active, on hold, or closed with a reason of the closure_reason
// vocabulary. Reopening a closed case needs a written reason. version must
// be the version read. The change goes on the case's timeline, the reason
// sealed with the case's key, and is audited.
func (s *Store) ChangeCaseStatus(ctx context.Context, id string, version int, status, closureReason, reason string) error {
	if err := require(haki.UserFromContext(ctx), haki.PermCaseWrite); err != nil {
		return err
	}
	status, closureReason, reason = strings.TrimSpace(status), strings.TrimSpace(closureReason), strings.TrimSpace(reason)
	return s.write(ctx, func(tx *Tx) error {
		before, err := tx.findCase(id)
		if err != nil {
			return err
		}
		pr := haki.Problems{}
		if status == "" {
			pr.Add("status", "Choose the new status.")
		}
		if err := tx.checkTerm(pr, "status", "case_status", status); err != nil {
			return err
		}
		if status == "closed" && closureReason == "" {
			pr.Add("closure_reason", "Choose why the case is closed.")
		}
		if status != "closed" {
			closureReason = ""
		}
		if err := tx.checkTerm(pr, "closure_reason", "closure_reason", closureReason); err != nil {
			return err
		}
		if before.Status == "closed" && status != "closed" && status != "" && reason == "" {
			pr.Add("reason", "Write why the case is reopened.")
		}
		if status == before.Status && closureReason == before.ClosureReason && status != "" {
			pr.Add("status", "The case already has this status.")
		}
		checkReason(pr, reason)
		if err := pr.Err(); err != nil {
			return err
		}
		if err := tx.execOne("case", `UPDATE cases SET status = ?, closure_reason = ?, updated_at = ?, version = version + 1
			WHERE id = ? AND version = ?`, status, closureReason, fmtTime(tx.now), id, version); err != nil {
			return err
		}
		after := *before
		after.Status, after.ClosureReason, after.UpdatedAt, after.Version = status, closureReason, tx.now, before.Version+1
		summary := statusSummary(before, &after)
		if reason != "" {
			summary += ": " + reason
		}
		if err := tx.caseEvent(id, haki.EventStatus, tx.now, summary, "case", id); err != nil {
			return err
		}
		keyID, key, err := tx.caseKey(id)
		if err != nil {
			return err
		}
		b, err := sealAudit(keyID, key, map[string]string{"status": before.Status, "closure_reason": before.ClosureReason})
		if err != nil {
			return err
		}
		a, err := sealAudit(keyID, key, map[string]string{"status": status, "closure_reason": closureReason, "reason": reason})
		if err != nil {
			return err
		}
		return tx.audit("status", "case", id, b, a)
	})
}

// checkReason bounds a written reason's length.
func checkReason(pr haki.Problems, reason string) {
	if len(reason) > 2000 {
		pr.Add("reason", "Keep the reason under 2000 characters.")
	}
}
