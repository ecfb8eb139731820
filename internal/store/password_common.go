package store

import (
	_ "embed"
	"strings"
	"sync"

	"github.com/haki-kenya/haki"
)

// commonPasswordsText is a list of passwords people choose often, one a
// line, lower case. No published list could be fetched when Haki was
// built, so it is generated (password_common_test.go, run with
// -update-common-passwords) from the well-known patterns of the public
// breach corpora (password, 123456, qwerty, iloveyou, letmein, football,
// monkey, dragon, ...) and Kenyan words (kenya, nairobi, mombasa, harambee,
// jamhuri, uhuru, safaricom, mpesa, ...), each with the years 1950-2030,
// digit runs, repetition and leetspeak, keeping only variants of 12
// characters or more, since shorter ones are refused anyway.
//
//go:embed password_common.txt
var commonPasswordsText string

var commonPasswords = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Split(commonPasswordsText, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			m[line] = true
		}
	}
	return m
})

// validateNewPassword checks a password an account is about to get: the
// domain's length rules, then that it is not on the common list (in any
// case, also read as leetspeak), not one character repeated, and does not
// contain the user name.
func validateNewPassword(username, pw string) error {
	if err := haki.ValidatePassword(pw); err != nil {
		return err
	}
	lower := strings.ToLower(pw)
	problem := ""
	switch {
	case strings.Count(lower, lower[:1]) == len(lower):
		problem = "Do not repeat one character: choose a few unrelated words."
	case commonPasswords()[lower] || commonPasswords()[unleet(lower)]:
		problem = "This password is on a list of common passwords that attackers try first. Choose a few unrelated words."
	case len(username) >= 3 && (strings.Contains(lower, normalUsername(username)) || strings.Contains(unleet(lower), normalUsername(username))):
		// Two-letter names would refuse too much by chance.
		problem = "Do not put your user name in your password."
	}
	if problem == "" {
		return nil
	}
	return &haki.Error{Code: haki.EINVALID, Message: "Choose another password.", Fields: map[string]string{"password": problem}}
}

// unleet reads leetspeak back as letters: p@$$w0rd is password.
func unleet(s string) string {
	return strings.NewReplacer("@", "a", "4", "a", "3", "e", "1", "i", "!", "i", "0", "o", "$", "s", "5", "s", "7", "t").Replace(s)
}
