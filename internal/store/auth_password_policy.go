package store

import (
	"strings"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/password"
)

// validateNewPassword checks a password an account is about to get: the
// domain's length rules, that it does not hold the user name (also read as
// leetspeak), and that it would take an attacker who knows how people
// choose passwords at least password.MinGuesses guesses. The problem names
// what is weak and what to do, as the strength estimate says it.
func validateNewPassword(username, pw string, userInputs ...string) error {
	if err := haki.ValidatePassword(pw); err != nil {
		return err
	}
	lower, name := strings.ToLower(pw), normalUsername(username)
	problem := ""
	if len(name) >= 3 && (strings.Contains(lower, name) || strings.Contains(unleet(lower), name)) {
		// Two-letter names would refuse too much by chance.
		problem = "Do not put your user name in your password."
	} else if r := password.Estimate(pw, append(userInputs, username, "haki")...); !r.Strong() {
		problem = r.Feedback
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
