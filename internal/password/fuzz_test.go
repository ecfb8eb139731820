package password

import (
	"math"
	"testing"
	"unicode/utf8"
)

// FuzzEstimate checks any input, valid UTF-8 or not, gets an estimate that
// is a number, no more than guessing every character, the same twice, made
// of parts that build the password in order, with advice exactly when it
// is weak.
func FuzzEstimate(f *testing.F) {
	for _, s := range []string{"", "Password@2024", "Safaricom@2024", "tembo kijani mvua ndefu", "moc1r@f@s2024",
		"25.12.1990", "1qaz2wsx3edc", "aaaaaaaaaaaa", "abcabcabcabc", "M-Pesa 2024!", "\xff\xfe\x00", "ñandú ✓ 中文"} {
		f.Add(s, "wanjiku")
	}
	f.Fuzz(func(t *testing.T, pw, user string) {
		r := Estimate(pw, user, "haki")
		n := utf8.RuneCountInString(pw)
		if math.IsNaN(r.Log10) || r.Log10 < 0 || r.Log10 > math.Log10(math.Pow(10, float64(n))+2)+1e-9 {
			t.Fatalf("Estimate(%q) = 10^%v for %d runes", pw, r.Log10, n)
		}
		if again := Estimate(pw, user, "haki"); again.Log10 != r.Log10 || again.Feedback != r.Feedback {
			t.Fatalf("Estimate(%q) changed: %v then %v", pw, r.Log10, again.Log10)
		}
		if (r.Feedback == "") != r.Strong() {
			t.Fatalf("Estimate(%q) = 10^%v with feedback %q", pw, r.Log10, r.Feedback)
		}
		if r.Score < 0 || r.Score > 4 {
			t.Fatalf("score %d", r.Score)
		}
		runes, end := []rune(pw), 0
		for _, p := range r.Parts {
			if p.i != end || p.j <= p.i || p.j > len(runes) || p.Token != string(runes[p.i:p.j]) {
				t.Fatalf("Estimate(%q): part %+v does not follow at %d", pw, p, end)
			}
			end = p.j
		}
		if n > 0 && end != min(n, maxRunes) && end != n {
			t.Fatalf("Estimate(%q): parts end at %d of %d", pw, end, n)
		}
	})
}
