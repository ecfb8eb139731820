package gatewayin

import (
	"crypto/sha256"
	"crypto/subtle"
)

// SecretMatches reports whether given is the gateway's shared secret. It
// compares digests, so the time taken tells neither where the two differ
// nor how long the secret is. With no secret configured nothing matches.
func SecretMatches(secret, given string) bool {
	if secret == "" {
		return false
	}
	a, b := sha256.Sum256([]byte(secret)), sha256.Sum256([]byte(given))
	return subtle.ConstantTimeCompare(a[:], b[:]) == 1
}
