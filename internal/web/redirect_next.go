package web

import (
	"net/url"
	"strings"
)

// localPath returns next when it is safe to send a browser to: a path on
// this site. Browsers forgive much when they read a Location: they drop
// tabs and newlines, read "\" as "/", and some decode "%2f" before looking
// for a host, so "/\t/evil.example", "/\\evil.example" and "/%2f%2fevil"
// can all leave the site. So next must start with a single "/", hold only
// printable ASCII without spaces or backslashes, and keep those rules after
// each round of percent-decoding. Anything else gives ok false.
func localPath(next string) (string, bool) {
	if len(next) > 2000 {
		return "", false
	}
	s := next
	for range 4 {
		if !plainLocalPath(s) {
			return "", false
		}
		d, err := url.PathUnescape(s)
		if err != nil {
			return "", false
		}
		if d == s {
			return next, true
		}
		s = d
	}
	return "", false // encoded more deeply than any page of ours
}

// plainLocalPath checks one reading of a path: it starts with one "/" and
// holds only printable ASCII other than space and backslash.
func plainLocalPath(s string) bool {
	if !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c >= 0x7f || c == '\\' {
			return false
		}
	}
	return true
}
