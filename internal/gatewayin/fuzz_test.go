package gatewayin

import (
	"net/url"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParseSMS: whatever the form holds, ParseSMS refuses it or returns a
// message whose id can key a report, whose sender is "+" and digits, and
// whose text is the text sent, valid and bounded.
func FuzzParseSMS(f *testing.F) {
	f.Add("+254712345678", "22384", "Polisi wamemchukua kaka yangu Kayole", "ATXid_2f8b1c", "2026-03-01 09:15:02", "SAF")
	f.Add("0712 345 678", "22384", "", "a1b2", "2026-03-01T09:15:02.123Z", "63902")
	f.Add("", "", "x", "", "", "")
	f.Add("+12025550123", "22384", "help", "id with space", "yesterday", "Airtel")
	f.Add("+254712345678", "22384", "\x00\xff", "ATXid_1", "0001-01-01 00:00:00", "")
	f.Fuzz(func(t *testing.T, from, to, text, id, date, network string) {
		form := url.Values{"from": {from}, "to": {to}, "text": {text}, "id": {id}, "date": {date}, "networkCode": {network}}
		m, err := ParseSMS(form)
		if err != nil {
			return
		}
		if m.ID == "" || len(m.ID) > maxIDLen || strings.Trim(m.ID, idChars) != "" {
			t.Fatalf("id %q accepted", m.ID)
		}
		if !strings.HasPrefix(m.From, "+") || len(m.From) < 8 || strings.Trim(m.From[1:], "0123456789") != "" {
			t.Fatalf("sender %q accepted from %q", m.From, from)
		}
		if m.Text != text || !utf8.ValidString(m.Text) || strings.IndexByte(m.Text, 0) >= 0 || utf8.RuneCountInString(m.Text) > maxSMSText {
			t.Fatalf("text %q accepted", m.Text)
		}
		if !m.Date.IsZero() && (m.Date.Year() < 2000 || m.Date.Location().String() != "UTC") {
			t.Fatalf("date %v from %q", m.Date, date)
		}
	})
}

// FuzzParseUSSD: a USSD step is refused or has a session id fit for a key,
// a caller's number, and text the menu may read.
func FuzzParseUSSD(f *testing.F) {
	f.Add("ATUid_8f1c2e", "*384*1234#", "+254712345678", "63902", "1*3*42")
	f.Add("ATUid_1", "*384#", "0712345678", "", "")
	f.Add("", "*384#", "+254712345678", "", "1")
	f.Add("ATUid_1", "<script>", "+254712345678", "", "1")
	f.Add("ATUid_1", "*384#", "12", "Safaricom", "\xff")
	f.Fuzz(func(t *testing.T, session, service, phone, network, text string) {
		u, err := ParseUSSD(url.Values{"sessionId": {session}, "serviceCode": {service}, "phoneNumber": {phone},
			"networkCode": {network}, "text": {text}})
		if err != nil {
			return
		}
		if u.SessionID == "" || strings.Trim(u.SessionID, idChars) != "" || !strings.HasPrefix(u.PhoneNumber, "+") ||
			u.Text != text || !utf8.ValidString(u.Text) || len(u.Text) > maxUSSDText {
			t.Fatalf("accepted %+v", u)
		}
	})
}

// FuzzUSSDMenu: whatever was typed, the menu answers a screen that fits,
// and an alert it returns names a kind and a county it knows.
func FuzzUSSDMenu(f *testing.F) {
	for _, s := range []string{"", "1", "2*3", "1*3*42*1*1", "2*5*nairobi*2*1", "1*3*kis*2*2*1", "1*3*99*99*0*0*0",
		"1**", "*", "1*3*\u00e9l\u00e9", "1*3*-1", "1*3*+42", "1*3*00042*1*1", "0*0*0"} {
		f.Add(s)
	}
	m := mustMenu(f)
	f.Fuzz(func(t *testing.T, text string) {
		s := m.Answer(text)
		if s.Alert != nil {
			a := s.Alert
			if !s.End || !slices.Contains(Whats, a.What) || !strings.HasPrefix(a.CountyCode, "KE-0") || len(a.CountyCode) != 6 ||
				(a.Language != "en" && a.Language != "sw") {
				t.Fatalf("%q: alert %+v", text, *a)
			}
			return
		}
		if n := utf8.RuneCountInString(s.Text); n == 0 || n > MaxScreen {
			t.Fatalf("%q: screen of %d characters: %q", text, n, s.Text)
		}
	})
}

// FuzzDetectLanguage: every text is English or Kiswahili.
func FuzzDetectLanguage(f *testing.F) {
	for _, s := range []string{"Polisi wamempiga kaka yangu leo asubuhi", "Police took my brother last night", "", "sasa msee", "\xff\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if l := DetectLanguage(text); l != "en" && l != "sw" {
			t.Fatalf("%q: %q", text, l)
		}
	})
}

// FuzzMatchCounty: a match is a real county, and a whole name matches itself alone.
func FuzzMatchCounty(f *testing.F) {
	for _, s := range []string{"nairobi", "kis", "Elgeyo-Marakwet", "murang'a", "ki", "", "\u0130stanbul", "TAITA taveta"} {
		f.Add(s)
	}
	counties, err := Counties()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, typed string) {
		found := MatchCounty(counties, typed)
		for _, i := range found {
			if i < 0 || i >= len(counties) {
				t.Fatalf("%q: index %d", typed, i)
			}
		}
		for i, c := range counties {
			if fold(typed) == c.folded && !slices.Equal(found, []int{i}) {
				t.Fatalf("%q: %v, want only %s", typed, found, c.Name)
			}
		}
	})
}
