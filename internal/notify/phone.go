package notify

import (
	"errors"
	"strings"
)

// ErrInvalidPhone is returned for a number that is not a Kenyan mobile number.
var ErrInvalidPhone = errors.New("not a Kenyan mobile number")

// NormalizeKenyanPhone returns a Kenyan mobile number in E.164
// (+2547XXXXXXXX or +2541XXXXXXXX) from the ways people write it:
// 0712 345 678, 0112-345-678, 254712345678, +254 712 345678, 00254712345678.
func NormalizeKenyanPhone(s string) (string, error) {
	s = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '.', '(', ')', '\u00a0':
			return -1
		}
		return r
	}, strings.TrimSpace(s))
	switch {
	case strings.HasPrefix(s, "+254"):
		s = s[4:]
	case strings.HasPrefix(s, "00254"):
		s = s[5:]
	case strings.HasPrefix(s, "254") && len(s) == 12:
		s = s[3:]
	case strings.HasPrefix(s, "0") && len(s) == 10:
		s = s[1:]
	}
	if len(s) != 9 || (s[0] != '7' && s[0] != '1') || strings.Trim(s, "0123456789") != "" {
		return "", ErrInvalidPhone
	}
	return "+254" + s, nil
}
