package ical

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// maxLine is RFC 5545's limit on a line, in octets, without its CRLF.
const maxLine = 75

// lines collects content lines, folded and ended with CRLF.
type lines struct{ bytes.Buffer }

// prop writes "name:value", value already escaped where it is TEXT.
func (l *lines) prop(name, value string) { l.line(name + ":" + value) }

// text writes a TEXT property.
func (l *lines) text(name, value string) { l.prop(name, escapeText(value)) }

// line writes one content line, folded so that no line is longer than 75
// octets: a fold is CRLF and a space, never inside a UTF-8 character.
func (l *lines) line(s string) {
	limit := maxLine
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		l.WriteString(s[:cut])
		l.WriteString("\r\n ")
		s = s[cut:]
		limit = maxLine - 1 // the leading space counts
	}
	l.WriteString(s)
	l.WriteString("\r\n")
}

// escapeText escapes a TEXT value (RFC 5545 3.3.11): backslash, semicolon,
// comma and newline, after cleanText.
func escapeText(s string) string {
	var b strings.Builder
	for _, r := range cleanText(s) {
		switch r {
		case '\\', ';', ',':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// cleanText returns s as a reader of the feed will see it: invalid UTF-8
// becomes U+FFFD, CRLF and CR become a newline, and the other control
// characters, which TEXT does not allow, are dropped (tab is kept).
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\r':
			return '\n'
		case r == '\n' || r == '\t':
			return r
		case r < 0x20 || r == 0x7f:
			return -1
		}
		return r
	}, s)
}
