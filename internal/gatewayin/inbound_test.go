package gatewayin

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
)

// The forms exactly as Africa's Talking posts them are read; a form that
// lacks what keys a report is refused with the field named.
func TestParseSMS(t *testing.T) {
	form := url.Values{"from": {"+254712345678"}, "to": {"22384"}, "text": {"Polisi wamemchukua kaka yangu"},
		"date": {"2026-03-01 09:15:02"}, "id": {"ATXid_5d1c0f2a"}, "linkId": {"SampleLinkId123"}, "networkCode": {"63902"}}
	m, err := ParseSMS(form)
	if err != nil {
		t.Fatal(err)
	}
	want := InboundSMS{ID: "ATXid_5d1c0f2a", From: "+254712345678", To: "22384", Text: "Polisi wamemchukua kaka yangu",
		Date: time.Date(2026, 3, 1, 9, 15, 2, 0, time.UTC), LinkID: "SampleLinkId123", NetworkCode: "63902"}
	if *m != want {
		t.Errorf("got %+v\nwant %+v", *m, want)
	}
	for _, tc := range []struct {
		name, field, value, problem string
	}{
		{"no sender", "from", "", "from"},
		{"sender not a number", "from", "Safaricom", "from"},
		{"no id", "id", "", "id"},
		{"id with spaces", "id", "a b", "id"},
		{"text not UTF-8", "text", "caf\xe9", "text"},
		{"text too long", "text", strings.Repeat("a", 2001), "text"},
		{"network code with markup", "networkCode", "<b>", "networkCode"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := url.Values{}
			for k, v := range form {
				f[k] = v
			}
			f.Set(tc.field, tc.value)
			_, err := ParseSMS(f)
			if haki.ErrorCode(err) != haki.EINVALID || !strings.Contains(err.Error(), tc.problem) {
				t.Errorf("err = %v, want EINVALID on %s", err, tc.problem)
			}
		})
	}
	for in, want := range map[string]string{"0712345678": "+254712345678", "254712345678": "+254712345678", "+1 202-555-0123": "+12025550123"} {
		f := url.Values{"from": {in}, "id": {"1"}}
		if m, err := ParseSMS(f); err != nil || m.From != want {
			t.Errorf("from %q: %v, %v; want %s", in, m, err, want)
		}
	}
	for in, want := range map[string]time.Time{
		"2026-03-01T09:15:02.123Z":  time.Date(2026, 3, 1, 9, 15, 2, 123e6, time.UTC),
		"2026-03-01T12:15:02+03:00": time.Date(2026, 3, 1, 9, 15, 2, 0, time.UTC),
		"yesterday":                 {},
		"":                          {},
	} {
		if got := parseDate(in); !got.Equal(want) {
			t.Errorf("parseDate(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestParseUSSD(t *testing.T) {
	form := url.Values{"sessionId": {"ATUid_8f1c2e0b"}, "serviceCode": {"*384*1234#"}, "phoneNumber": {"+254712345678"},
		"networkCode": {"63902"}, "text": {"1*3*42"}}
	u, err := ParseUSSD(form)
	if err != nil {
		t.Fatal(err)
	}
	if want := (USSDRequest{SessionID: "ATUid_8f1c2e0b", ServiceCode: "*384*1234#", PhoneNumber: "+254712345678", NetworkCode: "63902", Text: "1*3*42"}); *u != want {
		t.Errorf("got %+v, want %+v", *u, want)
	}
	for field, value := range map[string]string{"sessionId": "", "phoneNumber": "", "serviceCode": "*384#<", "text": strings.Repeat("1*", 501)} {
		f := url.Values{}
		for k, v := range form {
			f[k] = v
		}
		f.Set(field, value)
		if _, err := ParseUSSD(f); haki.ErrorCode(err) != haki.EINVALID {
			t.Errorf("%s=%q: err = %v, want EINVALID", field, value, err)
		}
	}
}

func TestSecretMatches(t *testing.T) {
	for _, tc := range []struct {
		secret, given string
		want          bool
	}{
		{"s3cret-of-the-gateway", "s3cret-of-the-gateway", true},
		{"s3cret-of-the-gateway", "s3cret-of-the-gatewaY", false},
		{"s3cret-of-the-gateway", "s3cret", false},
		{"s3cret-of-the-gateway", "", false},
		{"", "", false},
	} {
		if got := SecretMatches(tc.secret, tc.given); got != tc.want {
			t.Errorf("SecretMatches(%q, %q) = %v", tc.secret, tc.given, got)
		}
	}
}

func TestDetectLanguage(t *testing.T) {
	for text, want := range map[string]string{
		"Polisi wamemchukua kaka yangu jana usiku Kayole": "sw",
		"Police took my brother last night in Kayole":     "en",
		"Askari wamempiga risasi kijana hapa Mathare":     "sw",
		"":                                "en",
		"Help! police wamempiga mtu hapa": "sw",
	} {
		if got := DetectLanguage(text); got != want {
			t.Errorf("DetectLanguage(%q) = %q, want %q", text, got, want)
		}
	}
}
