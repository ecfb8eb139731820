package gatewayin

import (
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/notify"
)

// Limits of what the gateway sends. A long SMS arrives joined or in parts
// of 153 characters; haki.MaxSMSText is some 13 parts, more than any phone
// sends as one message. A USSD session's text grows by one answer a
// screen, each at most 182 characters.
const (
	maxSMSText   = haki.MaxSMSText
	maxUSSDText  = 1000
	maxIDLen     = 100
	maxPhoneLen  = 32
	maxShortCode = 40
)

// InboundSMS is one message as Africa's Talking posts it to the incoming
// messages callback: a form with from, to, text, date, id, linkId and
// networkCode.
type InboundSMS struct {
	ID          string    // the gateway's id of the message: it makes receiving it twice harmless
	From        string    // the sender's number, as E.164 when it is Kenyan
	To          string    // the short code or number it was sent to
	Text        string    // the message
	Date        time.Time // when the gateway received it; zero when it gave none we can read
	LinkID      string    // premium services only
	NetworkCode string    // the sender's network
}

// USSDRequest is one step of a USSD session as Africa's Talking posts it:
// the session, the code dialled, the caller's number and everything the
// caller typed so far, the answers joined by "*".
type USSDRequest struct {
	SessionID   string
	ServiceCode string
	PhoneNumber string
	NetworkCode string
	Text        string
}

// ParseSMS reads the form of an incoming message. It refuses, with a
// message naming the field, a form without a sender or an id, or with a
// field that is too long or not text.
func ParseSMS(form url.Values) (*InboundSMS, error) {
	m := &InboundSMS{
		ID: strings.TrimSpace(form.Get("id")), To: strings.TrimSpace(form.Get("to")), Text: form.Get("text"),
		LinkID: strings.TrimSpace(form.Get("linkId")), NetworkCode: strings.TrimSpace(form.Get("networkCode")),
	}
	p := haki.Problems{}
	checkID(p, "id", m.ID)
	from, ok := parsePhone(form.Get("from"))
	if !ok {
		p.Add("from", "The sender's number is missing or not a phone number.")
	}
	m.From = from
	if len(m.To) > maxShortCode || !haki.ValidText(m.To) {
		p.Add("to", "The short code is not one.")
	}
	if !haki.ValidText(m.Text) {
		p.Add("text", "The message holds bytes that are not text.")
	} else if utf8.RuneCountInString(m.Text) > maxSMSText {
		p.Add("text", fmt.Sprintf("The message is longer than %d characters.", maxSMSText))
	}
	if len(m.LinkID) > maxIDLen || !haki.ValidText(m.LinkID) {
		p.Add("linkId", "The link id is too long.")
	}
	if !networkCode(m.NetworkCode) {
		p.Add("networkCode", "The network code is not one.")
	}
	m.Date = parseDate(form.Get("date"))
	if err := p.Err(); err != nil {
		return nil, err
	}
	return m, nil
}

// ParseUSSD reads the form of a USSD step. It refuses a form without a
// session or a caller, or with a field that is too long or not text.
func ParseUSSD(form url.Values) (*USSDRequest, error) {
	u := &USSDRequest{
		SessionID: strings.TrimSpace(form.Get("sessionId")), ServiceCode: strings.TrimSpace(form.Get("serviceCode")),
		NetworkCode: strings.TrimSpace(form.Get("networkCode")), Text: form.Get("text"),
	}
	p := haki.Problems{}
	checkID(p, "sessionId", u.SessionID)
	phone, ok := parsePhone(form.Get("phoneNumber"))
	if !ok {
		p.Add("phoneNumber", "The caller's number is missing or not a phone number.")
	}
	u.PhoneNumber = phone
	if len(u.ServiceCode) > maxShortCode || strings.Trim(u.ServiceCode, "*#0123456789") != "" {
		p.Add("serviceCode", "The service code is not one.")
	}
	if !networkCode(u.NetworkCode) {
		p.Add("networkCode", "The network code is not one.")
	}
	if !haki.ValidText(u.Text) || len(u.Text) > maxUSSDText {
		p.Add("text", "The session's text is too long or not text.")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return u, nil
}

// checkID requires a gateway id of letters, digits and _.:- only, since it
// becomes part of an idempotency key.
func checkID(p haki.Problems, field, id string) {
	if id == "" || len(id) > maxIDLen || strings.Trim(id, idChars) != "" {
		p.Add(field, "The gateway's id is missing or not one.")
	}
}

const idChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:-"

// networkCode accepts an empty code or a short one of digits (Safaricom is
// 63902) or letters (the sandbox sends names such as "Safaricom").
func networkCode(s string) bool {
	return len(s) <= 20 && strings.Trim(s, idChars) == ""
}

// parsePhone returns a Kenyan number as E.164, and any other number as
// "+" and its digits (a visitor's phone roams in): digits, with an
// optional leading + and the spaces and dashes people write.
func parsePhone(s string) (string, bool) {
	if n, err := notify.NormalizeKenyanPhone(s); err == nil {
		return n, true
	}
	s = strings.NewReplacer(" ", "", "-", "").Replace(strings.TrimSpace(s))
	s = strings.TrimPrefix(s, "+")
	if len(s) < 7 || len(s) > 15 || strings.Trim(s, "0123456789") != "" || s[0] == '0' {
		return "", false
	}
	return "+" + s, true
}

// dateLayouts are the ways the gateway writes a date: ISO 8601 in UTC
// ("2026-03-01T09:15:02.123Z") and, in older accounts, "2026-03-01
// 09:15:02", which is read as UTC too.
var dateLayouts = []string{time.RFC3339Nano, "2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02 15:04:05.000"}

// parseDate reads the gateway's date, or returns zero for none or one it
// does not write: the date only orders the parts of a message, and the
// server's own clock does when the gateway's is missing.
func parseDate(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 40 {
		return time.Time{}
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil && t.Year() >= 2000 && t.Year() < 10000 {
			return t.UTC()
		}
	}
	return time.Time{}
}
