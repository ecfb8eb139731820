package ical

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestEscapeText(t *testing.T) {
	tests := map[string]string{
		"plain":                    "plain",
		`a\b;c,d`:                  `a\\b\;c\,d`,
		"one\ntwo\r\nthree\rfour":  `one\ntwo\nthree\nfour`,
		"tab\tkept, bell\a gone":   "tab\tkept\\, bell gone",
		"bad \xff utf8":            "bad \uFFFD utf8",
		"Jumanne: ushauri 🙂; ñ":    `Jumanne: ushauri 🙂\; ñ`,
		"nul\x00 and del\x7f gone": "nul and del gone",
	}
	for in, want := range tests {
		if got := escapeText(in); got != want {
			t.Errorf("escapeText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFold(t *testing.T) {
	for _, s := range []string{
		strings.Repeat("a", 75), strings.Repeat("a", 76), strings.Repeat("a", 300),
		"SUMMARY:" + strings.Repeat("🙂", 40), "X:" + strings.Repeat("ñ", 100), "Y:a" + strings.Repeat("€", 60),
	} {
		var l lines
		l.line(s)
		out := l.String()
		if !strings.HasSuffix(out, "\r\n") {
			t.Fatalf("no CRLF at the end of %q", out)
		}
		parts := strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n")
		var joined strings.Builder
		for i, p := range parts {
			if len(p) > 75 {
				t.Errorf("line of %d octets", len(p))
			}
			if i > 0 {
				if !strings.HasPrefix(p, " ") {
					t.Errorf("continuation without a space: %q", p)
				}
				p = p[1:]
			}
			joined.WriteString(p)
		}
		if joined.String() != s {
			t.Errorf("unfolded %q, want %q", joined.String(), s)
		}
		if len(s) <= 75 && len(parts) != 1 {
			t.Errorf("a line of %d octets was folded", len(s))
		}
	}
}

// FuzzWrite writes an event with arbitrary text and checks that go-ical
// reads the feed and gets the text back as cleanText leaves it.
func FuzzWrite(f *testing.F) {
	f.Add("Group therapy; week 1, room 2", "Haki office\nNairobi", "Kikao cha ushauri 🙂")
	f.Add(`back\slash \n not a newline`, "", "\r\n\r")
	f.Add(strings.Repeat("ñ🙂a", 50), strings.Repeat(",", 80), "\xff\xfe\x00")
	f.Fuzz(func(t *testing.T, summary, location, category string) {
		start := time.Date(2026, 3, 3, 7, 0, 0, 0, time.UTC)
		c := Calendar{Name: summary, Events: []Event{{
			UID: location + "@haki", Start: start, End: start.Add(time.Hour), Summary: summary, Location: location,
			Description: summary + location, Categories: []string{category, "Appointment"}, Stamp: start,
		}}}
		var b bytes.Buffer
		if _, err := c.WriteTo(&b); err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(strings.TrimSuffix(b.String(), "\r\n"), "\r\n") {
			if len(l) > 75 || strings.ContainsAny(l, "\r\n") {
				t.Fatalf("bad line %q", l)
			}
		}
		cal := mustParse(t, b.Bytes())
		ev := cal.Events()[0].Component
		for name, want := range map[string]string{"SUMMARY": summary, "LOCATION": location, "DESCRIPTION": summary + location, "UID": location + "@haki"} {
			if got := propText(t, ev, name); got != cleanText(want) {
				t.Fatalf("%s = %q, want %q", name, got, cleanText(want))
			}
		}
		if got := propText(t, cal.Component, "X-WR-CALNAME"); got != cleanText(summary) {
			t.Fatalf("X-WR-CALNAME = %q, want %q", got, cleanText(summary))
		}
		cats, err := ev.Props.Get("CATEGORIES").TextList()
		want := []string{cleanText(category), "Appointment"}
		if cleanText(category) == "" {
			want = want[1:]
		}
		if err != nil || strings.Join(cats, "\x00") != strings.Join(want, "\x00") {
			t.Fatalf("CATEGORIES = %q, %v; want %q", cats, err, want)
		}
	})
}
