package httpx

import (
	"strings"
	"testing"
)

func TestCSRFMask(t *testing.T) {
	const token = "dG9rZW4tb2YtdGhlLXNlc3Npb24tMzItYnl0ZXMtbG9uZw"
	a, b := MaskCSRF(token), MaskCSRF(token)
	if a == b {
		t.Fatal("two masks of one token are equal; each response must carry a fresh one")
	}
	if strings.Contains(a, token) {
		t.Fatal("the masked token contains the token")
	}
	for _, given := range []string{a, b, token} {
		if !CSRFMatches(token, given) {
			t.Errorf("CSRFMatches(%q) = false, want true", given)
		}
	}
	other := MaskCSRF("another-sessions-token-of-the-same-length-abcd")
	for _, given := range []string{"", "x", other, a[:len(a)-1], strings.ToUpper(a)} {
		if CSRFMatches(token, given) {
			t.Errorf("CSRFMatches(%q) = true, want false", given)
		}
	}
	if CSRFMatches("", "") {
		t.Error("an empty token matched")
	}
}
