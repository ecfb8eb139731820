package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/haki-kenya/haki"
)

// PurposeReportReply is the outbox purpose of the answer to an SMS report.
const PurposeReportReply = "report_reply"

// replyWindow is how long after a report arrives its answer may be queued,
// and how long the answer waits in the outbox before it is not worth sending.
const replyWindow = time.Hour

// QueuePublicReportReply queues the one answer an SMS report gets, to the
// number that sent it; no one is signed in (the gateway's hook calls it).
// It refuses any other number (the sender's tag must be the report's), a
// report that did not come by SMS or came more than an hour ago, so the
// hook cannot be made to text anyone else or to text twice: the dedupe key
// is the report's. It reports whether the answer was queued now.
func (s *Store) QueuePublicReportReply(ctx context.Context, reportID, to, body string) (bool, error) {
	tag := s.SenderTag(to)
	if tag == "" {
		return false, haki.Errorf(haki.EINVALID, "The reply has no number to go to.")
	}
	var queued bool
	err := s.write(ctx, func(tx *Tx) error {
		var channel, received string
		var sender sql.NullString
		err := tx.queryRow(`SELECT channel, sender_tag, received_at FROM public_reports WHERE id = ?`, reportID).
			Scan(&channel, &sender, &received)
		if err != nil {
			return tx.mapErr(err, "report")
		}
		if channel != "sms" || !sender.Valid || sender.String != tag {
			return haki.Errorf(haki.EFORBIDDEN, "A reply goes only to the number that sent the report.")
		}
		if tx.now.Sub(parseTime(received)) > replyWindow {
			return haki.Errorf(haki.ECONFLICT, "This report came too long ago for an automatic reply.")
		}
		queued, err = tx.enqueue(&OutboxMessage{Channel: ChannelSMS, To: to, Body: body, Purpose: PurposeReportReply,
			RefKind: "public_report", RefID: reportID, DedupeKey: "public-report-reply/" + reportID,
			ExpiresAt: tx.now.Add(replyWindow)})
		return err
	})
	return queued, err
}
