package password

import (
	"math"
	"strings"
	"testing"
)

// TestWeak lists passwords people choose that an attacker who knows how
// they choose finds early: each must estimate under MinGuesses, whatever
// its length, capitals and symbols.
func TestWeak(t *testing.T) {
	for _, pw := range []string{
		"Password@2024", "Safaricom@2024", "P@$$w0rd1990", "password1234", "PassWord1234",
		"harambee2010", "Safaricom123456", "qwertyuiop12", "1qaz2wsx3edc", "asdfghjkl;'#",
		"aaaaaaaaaaaaaaa", "abcdefghijkl", "123456789012", "Nairobi254#Kenya", "Kenya@254Kenya",
		"25.12.1990kenya", "Wanjiku1990!", "Otieno1234567", "Akinyi2000!!", "GorMahia2024!",
		"Kipchoge@2023!", "JamboKenya2024", "Mombasa@12345", "nakupenda2024!", "ILoveNairobi2024",
		"Harambee-Stars-1", "M-Pesa2024!!", "mpesa2024mpesa2024", "moc1r@f@s2024", "0722123456789",
		"Mungu Ni Mwema1", "Yesu2024Yesu2024", "Kibera@2021!", "TuskerLager2024", "iloveyou2024!",
		"bluerivermorning", "Kisumu-1990-01-01", "Madaraka1963!", "Jamhuri12.12.1963", "zaq12wsxcde3",
	} {
		r := Estimate(pw, "wanjiku", "haki")
		if r.Strong() {
			t.Errorf("Estimate(%q) = 10^%.1f guesses, want weak; parts %+v", pw, r.Log10, r.Parts)
		}
		if r.Feedback == "" {
			t.Errorf("Estimate(%q) gives no feedback", pw)
		}
	}
}

// TestStrong lists passwords that reach MinGuesses: unrelated words, in
// English or Kiswahili, and random characters.
func TestStrong(t *testing.T) {
	for _, pw := range []string{
		"correct horse battery", "tembo kijani mvua ndefu", "Xk9$mQ2#vL7p", "a quiet river at dawn",
		"jiko-pole-nyota-kesho", "purple elephant dances slowly", "ng'ombe wanne wa bluu!",
		"7fT!q92Lm#pZ", "mango tractor violin chalk", "a much better passphrase", "yet another long one",
	} {
		if r := Estimate(pw, "wanjiku", "haki"); !r.Strong() || r.Feedback != "" || r.Score != 4 {
			t.Errorf("Estimate(%q) = 10^%.1f guesses (score %d, %q), want strong; parts %+v", pw, r.Log10, r.Score, r.Feedback, r.Parts)
		}
	}
}

// TestFeedback checks each weakness gets the advice that fits it.
func TestFeedback(t *testing.T) {
	for pw, want := range map[string]string{
		"Password@2024":     msgCommon,
		"Safaricom@2024":    msgKenya,
		"Wanjiku1990!":      msgUser,
		"Akinyi2000!!":      msgNames,
		"Mombasa@12345":     msgPlaces,
		"bluerivermorning":  msgWords,
		"nyumbani2024":      msgWords,
		"$@f@r1c0m2024":     msgL33t,
		"mocirafas2024":     msgReversed,
		"x7q1990x7q":        msgYear,
		"x7q25.12.1990":     msgDate,
		"qwertyuiop[]":      msgKeyboard,
		"zxcvbnm,./;'":      msgKeyboard,
		"xqxqxqxqxqxq":      msgRepeat,
		"abcdefghijkl":      msgSequence,
		"x7!q2#v":           msgGeneric,
		"Wanjiku-Wanjiku-1": msgRepeat,
	} {
		if got := Estimate(pw, "wanjiku").Feedback; got != want {
			t.Errorf("Feedback(%q) = %q, want %q", pw, got, want)
		}
	}
}

// TestPatterns checks each pattern finds what it should and prices it.
func TestPatterns(t *testing.T) {
	tests := []struct {
		pw        string
		kind      Kind
		token     string
		maxGuess  float64
		leet, rev bool
	}{
		{"password", KindWord, "password", 2, false, false},
		{"PASSWORD", KindWord, "PASSWORD", 4, false, false},
		{"p4ssw0rd", KindWord, "p4ssw0rd", 20, true, false},
		{"drowssap", KindWord, "drowssap", 4, false, true},
		{"1qazxsw2", KindKeyboard, "1qazxsw2", 1e7, false, false},
		{"7654", KindSequence, "7654", 100, false, false},
		{"2019", KindYear, "2019", 20, false, false},
		{"1963", KindYear, "1963", 63, false, false},
		{"12/12/1963", KindDate, "12/12/1963", 365 * 63 * 4, false, false},
		{"kayole", KindWord, "kayole", 100, false, false},
		{"ochieng", KindWord, "ochieng", 300, false, false},
	}
	for _, tc := range tests {
		r := Estimate(tc.pw)
		if len(r.Parts) != 1 {
			t.Errorf("%q: parts %+v, want one", tc.pw, r.Parts)
			continue
		}
		p := r.Parts[0]
		if p.Kind != tc.kind || p.Token != tc.token || p.Guesses > tc.maxGuess || p.L33t != tc.leet || p.Reversed != tc.rev {
			t.Errorf("%q: %+v, want %s %q under %.0f guesses (l33t %v, reversed %v)", tc.pw, p, tc.kind, tc.token, tc.maxGuess, tc.leet, tc.rev)
		}
	}
}

// TestLong checks long passwords are estimated quickly and by what they
// are made of, not by their length alone.
func TestLong(t *testing.T) {
	if r := Estimate(strings.Repeat("a", 1024)); r.Strong() {
		t.Errorf("1024 times a: 10^%.1f", r.Log10)
	}
	if r := Estimate(strings.Repeat("Kenya2024", 100)); r.Strong() {
		t.Errorf("Kenya2024 a hundred times: 10^%.1f", r.Log10)
	}
	if r := Estimate(strings.Repeat("Xk9$mQ2#vL7p rain ", 50)); !r.Strong() || math.IsNaN(r.Log10) {
		t.Errorf("a long phrase: 10^%.1f", r.Log10)
	}
}

// TestEveryMessageHasFeedback checks Messages lists what feedback gives.
func TestEveryMessageListed(t *testing.T) {
	seen := map[string]bool{}
	for _, m := range Messages() {
		if seen[m] || !strings.HasSuffix(m, ".") {
			t.Errorf("message %q repeated or not a sentence", m)
		}
		seen[m] = true
	}
	for _, pw := range []string{"password", "wanjikuwanjiku", "akinyi", "nairobi", "safaricom", "mapenzi", "p@ssw0rd!", "mocirafas",
		"1990", "25.12.1990", "qwert", "aaaa", "abcd", "x!"} {
		if f := Estimate(pw, "wanjiku").Feedback; !seen[f] {
			t.Errorf("Feedback(%q) = %q, not in Messages", pw, f)
		}
	}
}
