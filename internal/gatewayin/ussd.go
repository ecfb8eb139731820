package gatewayin

import (
	"net/http"

	"github.com/haki-kenya/haki"
)

// answerUSSD answers one step of a USSD session with the menu's next
// screen. When the caller confirms, the alert is stored once per session
// (its key is the session id, so the gateway asking again stores nothing
// more) and the last screen gives its reference. Every answer is 200 with
// CON or END: a phone shows nothing useful for an HTTP error.
func (s *Server) answerUSSD(w http.ResponseWriter, r *http.Request) error {
	u, err := ParseUSSD(r.PostForm)
	if err != nil {
		s.logger.InfoContext(r.Context(), "gateway: a USSD step could not be read", "fields", fieldNames(err),
			"request_id", haki.RequestIDFromContext(r.Context()))
		return s.screen(w, s.menu.Unavailable(LanguageOf(r.PostForm.Get("text")), "gateway.ussd.unavailable"))
	}
	lang := LanguageOf(u.Text)
	tag := s.store.SenderTag(u.PhoneNumber)
	if !s.ussd.Allow(tag) {
		return s.screen(w, s.menu.Unavailable(lang, "gateway.ussd.busy"))
	}
	sc := s.menu.Answer(u.Text)
	if a := sc.Alert; a != nil {
		if !s.alerts.Allow(tag) {
			return s.screen(w, s.menu.Unavailable(lang, "gateway.ussd.busy"))
		}
		report := &haki.PublicReport{Channel: "ussd", Kind: "alert", Language: a.Language, What: a.What,
			CountyCode: a.CountyCode, Contact: haki.SafeContact{Method: "none"}}
		if a.CallBack {
			report.Contact = haki.SafeContact{Method: "call", Address: u.PhoneNumber}
		}
		if _, err := s.store.SubmitPublicReport(r.Context(), report, "ussd:"+u.SessionID); err != nil {
			s.logger.ErrorContext(r.Context(), "gateway: a USSD alert could not be stored", "err", err,
				"request_id", haki.RequestIDFromContext(r.Context()))
			return s.screen(w, s.menu.Unavailable(a.Language, "gateway.ussd.unavailable"))
		}
		sc = s.menu.Thanks(a.Language, report.Ref)
	}
	return s.screen(w, sc)
}

// failUSSD answers the gateway's USSD step whose form could not be read
// with a screen that ends the session, as the gateway needs. Anyone else (a
// wrong key, the hooks off) gets the plain error.
func (s *Server) failUSSD(w http.ResponseWriter, r *http.Request, err error) {
	if haki.ErrorCode(err) != haki.EINVALID || !SecretMatches(s.secret, r.URL.Query().Get("key")) {
		s.fail(w, r, err)
		return
	}
	s.screen(w, s.menu.Unavailable(LanguageOf(r.PostForm.Get("text")), "gateway.ussd.unavailable"))
}

// screen writes a USSD answer: 200, plain text, CON or END first.
func (s *Server) screen(w http.ResponseWriter, sc Screen) error {
	writeText(w, http.StatusOK, sc.String())
	return nil
}

// fieldNames lists the fields an invalid form got wrong, never their values.
func fieldNames(err error) []string {
	var names []string
	for k := range haki.ErrorFields(err) {
		names = append(names, k)
	}
	return names
}
