package gatewayin

import (
	"net/http"

	"github.com/haki-kenya/haki"
)

// receiveSMS takes an incoming message: it becomes a new report, or the
// next part of the sender's report of a few minutes ago. A new report may
// be answered, in the sender's language, through the outbox. The gateway
// gets 200 once the message is stored, and again for a message it sends
// twice.
func (s *Server) receiveSMS(w http.ResponseWriter, r *http.Request) error {
	m, err := ParseSMS(r.PostForm)
	if err != nil {
		return err
	}
	tag := s.store.SenderTag(m.From)
	if !s.sms.Allow(tag) {
		return haki.Errorf(haki.EBUSY, "Too many messages from this sender: try again later.")
	}
	lang := DetectLanguage(m.Text)
	report, created, err := s.store.ReceiveSMS(r.Context(), haki.InboundSMS{GatewayID: m.ID, From: m.From, To: m.To,
		Text: m.Text, At: m.Date, Language: lang})
	if err != nil {
		return err
	}
	if created && s.autoReply {
		// The report is stored: a reply that cannot be queued is logged,
		// not a reason for the gateway to send the message again.
		if _, err := s.store.QueuePublicReportReply(r.Context(), report.ID, m.From, s.cat.T(lang, "gateway.sms.reply", report.Ref)); err != nil {
			s.logger.ErrorContext(r.Context(), "gateway: the reply to an SMS report could not be queued", "err", err,
				"report", report.ID, "request_id", haki.RequestIDFromContext(r.Context()))
		}
	}
	writeText(w, http.StatusOK, "OK")
	return nil
}
