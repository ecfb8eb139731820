// Package password estimates how many guesses an attacker who knows how
// people choose passwords needs to find one, in the manner of zxcvbn: it
// finds the patterns a password is built from (dictionary words, Kenyan
// names, places and brands among them, read also backwards and as
// leetspeak; keyboard rows; repeats; sequences; years and dates), prices
// each in guesses, and takes the cheapest way to build the whole password
// from them. It is pure: no I/O, no clock.
package password

import (
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MinGuesses is the estimate a new password must reach. Against an
// argon2id hash at 64 MiB an attacker with a rack of GPUs makes perhaps a
// few thousand guesses a second, so 10^10 guesses is years of work.
const MinGuesses = 1e10

// maxRunes bounds the part of a password that is analysed; the runes after
// it count as ten guesses each, which only a long password reaches anyway.
const maxRunes = 100

// maxParts bounds the parts of a password the search builds it from: the
// 10,000-per-extra-part term alone puts 8 parts beyond 10^28 guesses.
const maxParts = 8

// Kind is the pattern a part of a password follows.
type Kind string

// The kinds of part.
const (
	KindWord       Kind = "word"       // a word of a dictionary
	KindKeyboard   Kind = "keyboard"   // adjacent keys: qwerty, zxcvb, 1qaz
	KindRepeat     Kind = "repeat"     // aaa, abcabc
	KindSequence   Kind = "sequence"   // abcd, 7654, aceg
	KindYear       Kind = "year"       // 1900-2099
	KindDate       Kind = "date"       // 25.12.1990, 010203
	KindSeparator  Kind = "separator"  // one space or symbol between other parts
	KindBruteforce Kind = "bruteforce" // anything else, ten guesses a character
)

// Part is a piece of a password and the pattern it follows.
type Part struct {
	Kind       Kind
	Token      string // the piece as typed
	Dictionary string // for words: passwords, english, kiswahili, names, places, kenya or user
	Word       string // for words: the word found
	L33t       bool   // for words: letters were written as digits or symbols
	Reversed   bool   // for words: the word was written backwards
	Guesses    float64

	i, j int // runes [i, j) of the password
}

// Result is an estimate of a password's strength.
type Result struct {
	Guesses float64 // at least 1; +Inf beyond float64's range
	Log10   float64
	// Score is zxcvbn's scale: 0 under 10^3 guesses, 1 under 10^6, 2 under
	// 10^8, 3 under 10^10, 4 from 10^10 up.
	Score int
	Parts []Part // the cheapest way found to build the password
	// Feedback says, in English, what makes the password weak and what to
	// do; "" when Guesses reaches MinGuesses. Messages lists every one.
	Feedback string
}

// Strong reports whether the password needs at least MinGuesses.
func (r Result) Strong() bool { return r.Guesses >= MinGuesses }

// Estimate estimates the guesses pw needs. userInputs are words an attacker
// would try first for this account (the user name, the site's name).
func Estimate(pw string, userInputs ...string) Result {
	runes := []rune(pw)
	var r Result
	if p := period(runes); len(runes) > maxRunes && p < len(runes) && len(runes)%p == 0 {
		// A long password that is one piece over and over is as strong as
		// the piece times the count, not as its length.
		unit := Estimate(string(runes[:p]), userInputs...)
		r.Log10 = unit.Log10 + math.Log10(float64(len(runes)/p))
		r.Parts = []Part{{Kind: KindRepeat, Token: pw, Guesses: math.Pow(10, r.Log10), i: 0, j: len(runes)}}
	} else {
		extra := 0
		if len(runes) > maxRunes {
			extra = len(runes) - maxRunes
			runes = runes[:maxRunes]
		}
		r = estimate(runes, userDictionary(userInputs), 0)
		r.Log10 += float64(extra)
	}
	r.Guesses = math.Pow(10, r.Log10)
	r.Score = score(r.Log10)
	if !r.Strong() {
		r.Feedback = feedback(r.Parts)
	}
	return r
}

// estimate finds the cheapest cover of runes by parts; depth counts the
// nesting of repeats, whose unit is estimated in turn.
func estimate(runes []rune, user map[string]int, depth int) Result {
	n := len(runes)
	if n == 0 {
		return Result{Guesses: 1}
	}
	matches := findParts(runes, user, depth)
	// best[l][j] is the least log10 of the product of the guesses of l
	// parts that build runes[:j]; from[l][j] is the last of those parts.
	best := make([][]float64, maxParts+1)
	from := make([][]*Part, maxParts+1)
	for l := range best {
		best[l] = make([]float64, n+1)
		from[l] = make([]*Part, n+1)
		for j := range best[l] {
			best[l][j] = math.Inf(1)
		}
	}
	best[0][0] = 0
	byEnd := make([][]*Part, n+1)
	for k := range matches {
		m := &matches[k]
		byEnd[m.j] = append(byEnd[m.j], m)
	}
	seps := make([]Part, n)
	for i, r := range runes {
		if isSeparator(r) {
			seps[i] = Part{Kind: KindSeparator, Token: string(r), Guesses: separatorGuesses, i: i, j: i + 1}
		}
	}
	brute := make([][]Part, n+1) // brute[j][i] is runes[i:j] guessed character by character
	for j := 1; j <= n; j++ {
		brute[j] = make([]Part, j)
		for i := range j {
			brute[j][i] = Part{Kind: KindBruteforce, Token: string(runes[i:j]), Guesses: bruteforceGuesses(j - i), i: i, j: j}
		}
		for l := 1; l <= maxParts; l++ {
			// A space or symbol between parts is one of a few an attacker
			// tries there; it is not a part of its own.
			if sep := &seps[j-1]; sep.Guesses > 0 {
				if v := best[l][j-1] + math.Log10(sep.Guesses); v < best[l][j] {
					best[l][j], from[l][j] = v, sep
				}
			}
			for _, m := range byEnd[j] {
				if v := best[l-1][m.i] + math.Log10(minGuesses(m, n)); v < best[l][j] {
					best[l][j], from[l][j] = v, m
				}
			}
			for i := range j {
				if from[l-1][i] != nil && from[l-1][i].Kind == KindBruteforce {
					continue // two character-by-character parts in a row are one
				}
				m := &brute[j][i]
				if v := best[l-1][i] + math.Log10(m.Guesses); v < best[l][j] {
					best[l][j], from[l][j] = v, m
				}
			}
		}
	}
	res := Result{Log10: math.Inf(1)}
	bestL := 0
	for l := 1; l <= maxParts; l++ {
		if math.IsInf(best[l][n], 1) {
			continue
		}
		// zxcvbn's total: l! orderings of the parts times their guesses,
		// plus 10,000 per extra part for not knowing how many there are.
		v := logSum(logFactorial(l)+best[l][n], 4*float64(l-1))
		if v < res.Log10 {
			res.Log10, bestL = v, l
		}
	}
	for j, l := n, bestL; j > 0; {
		m := from[l][j]
		res.Parts = append(res.Parts, *m)
		if m.Kind != KindSeparator {
			l--
		}
		j = m.i
	}
	slices.Reverse(res.Parts)
	res.Guesses = math.Pow(10, res.Log10)
	return res
}

// period returns the length of the shortest piece that, repeated, makes
// runes (the Knuth-Morris-Pratt failure function); len(runes) when none.
func period(runes []rune) int {
	n := len(runes)
	if n == 0 {
		return 0
	}
	fail := make([]int, n)
	for i, k := 1, 0; i < n; i++ {
		for k > 0 && runes[i] != runes[k] {
			k = fail[k-1]
		}
		if runes[i] == runes[k] {
			k++
		}
		fail[i] = k
	}
	if p := n - fail[n-1]; n%p == 0 {
		return p
	}
	return n
}

// separatorGuesses is how many separators an attacker tries between parts.
const separatorGuesses = 10

// isSeparator reports whether r is a space or a symbol people put between
// words: "Harambee-Stars", "Mungu ni mwema", "kenya.2024".
func isSeparator(r rune) bool { return strings.ContainsRune(" -_.,;:!?@#$%&*+=/\\|~'\"", r) }

// minGuesses keeps a part that is not the whole password from being
// nearly free: any piece costs an attacker some guesses to place.
func minGuesses(m *Part, n int) float64 {
	switch {
	case m.i == 0 && m.j == n:
		return max(m.Guesses, 1)
	case m.j-m.i == 1:
		return max(m.Guesses, 10)
	}
	return max(m.Guesses, 50)
}

// bruteforceGuesses prices characters no pattern explains at ten guesses
// each, as zxcvbn does: low for random characters, which is the safe side.
func bruteforceGuesses(length int) float64 { return math.Pow(10, float64(length)) + 1 }

// score maps log10 guesses to zxcvbn's 0-4.
func score(log10 float64) int {
	for s, limit := range []float64{3, 6, 8, 10} {
		if log10 < limit {
			return s
		}
	}
	return 4
}

// logSum returns log10(10^a + 10^b).
func logSum(a, b float64) float64 {
	hi, lo := max(a, b), min(a, b)
	return hi + math.Log10(1+math.Pow(10, lo-hi))
}

func logFactorial(n int) float64 {
	v := 0.0
	for k := 2; k <= n; k++ {
		v += math.Log10(float64(k))
	}
	return v
}

// binomial returns C(n, k) as a float.
func binomial(n, k int) float64 {
	if k < 0 || k > n {
		return 0
	}
	r := 1.0
	for d := 1; d <= k; d++ {
		r *= float64(n-k+d) / float64(d)
	}
	return r
}

// findParts returns every part that some pattern finds in runes.
func findParts(runes []rune, user map[string]int, depth int) []Part {
	var parts []Part
	parts = append(parts, wordParts(runes, user)...)
	parts = append(parts, keyboardParts(runes)...)
	parts = append(parts, sequenceParts(runes)...)
	parts = append(parts, yearParts(runes)...)
	parts = append(parts, dateParts(runes)...)
	if depth < 3 {
		parts = append(parts, repeatParts(runes, user, depth)...)
	}
	return parts
}

// caseVariations is how many ways of capitalising a word an attacker tries
// before this one: all lower is free; a first, last or every capital
// doubles; other mixes count the ways to place that many capitals.
func caseVariations(token string) float64 {
	upper, lower := 0, 0
	for _, r := range token {
		switch {
		case unicode.IsUpper(r):
			upper++
		case unicode.IsLower(r):
			lower++
		}
	}
	if upper == 0 {
		return 1
	}
	first, _ := utf8.DecodeRuneInString(token)
	last, _ := utf8.DecodeLastRuneInString(token)
	if lower == 0 || (upper == 1 && (unicode.IsUpper(first) || unicode.IsUpper(last))) {
		return 2
	}
	v := 0.0
	for k := 1; k <= min(upper, lower); k++ {
		v += binomial(upper+lower, k)
	}
	return v
}

// lowerRunes lowers each rune alone, so positions stay those of the input.
func lowerRunes(runes []rune) []rune {
	out := make([]rune, len(runes))
	for i, r := range runes {
		out[i] = unicode.ToLower(r)
	}
	return out
}

// userDictionary ranks the user's own words first: an attacker who knows
// the account tries them before anything else.
func userDictionary(inputs []string) map[string]int {
	m := map[string]int{}
	for _, in := range inputs {
		for _, w := range strings.FieldsFunc(strings.ToLower(in), func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r)
		}) {
			if _, ok := m[w]; !ok && utf8.RuneCountInString(w) >= 3 {
				m[w] = len(m) + 1
			}
		}
		whole := normalWord(in)
		if _, ok := m[whole]; !ok && utf8.RuneCountInString(whole) >= 3 {
			m[whole] = len(m) + 1
		}
	}
	return m
}
