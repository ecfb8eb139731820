package password

import (
	"math"
	"unicode"
)

// referenceYear is the year dates and years are measured from: an attacker
// tries the years near it first. It is fixed, not read from a clock, so an
// estimate is the same on any day; move it on now and then.
const referenceYear = 2026

// minYearSpace is the fewest years an attacker is assumed to try.
const minYearSpace = 20

// keyboardRows are the QWERTY layout: each row unshifted and shifted, and how
// far the row is set to the right, in keys.
var keyboardRows = []struct {
	plain, shifted string
	offset         float64
}{
	{"`1234567890-=", "~!@#$%^&*()_+", 0},
	{"qwertyuiop[]\\", "QWERTYUIOP{}|", 1.5},
	{"asdfghjkl;'", "ASDFGHJKL:\"", 1.75},
	{"zxcvbnm,./", "ZXCVBNM<>?", 2.25},
}

// key is where a character is on the keyboard.
type key struct {
	row     int
	x       float64
	shifted bool
}

var keys = func() map[rune]key {
	m := map[rune]key{}
	for row, kr := range keyboardRows {
		for c, r := range kr.plain {
			m[r] = key{row, kr.offset + float64(c), false}
		}
		for c, r := range []rune(kr.shifted) {
			m[r] = key{row, kr.offset + float64(c), true}
		}
	}
	return m
}()

// adjacent reports whether two keys touch: beside each other in a row, or
// in the rows above and below within three quarters of a key.
func adjacent(a, b key) bool {
	switch a.row - b.row {
	case 0:
		return math.Abs(a.x-b.x) == 1
	case 1, -1:
		return math.Abs(a.x-b.x) <= 0.75
	}
	return false
}

// keyboardStarts and keyboardDegree are the keys and their average number
// of neighbours, for pricing runs of adjacent keys.
var keyboardStarts, keyboardDegree = func() (float64, float64) {
	var plain []key
	for _, kr := range keyboardRows {
		for _, r := range kr.plain {
			plain = append(plain, keys[r])
		}
	}
	edges := 0
	for _, a := range plain {
		for _, b := range plain {
			if adjacent(a, b) {
				edges++
			}
		}
	}
	return float64(len(plain)), float64(edges) / float64(len(plain))
}()

// keyboardParts finds runs of three or more adjacent keys.
func keyboardParts(runes []rune) []Part {
	var parts []Part
	for i := 0; i < len(runes); {
		j, turns, shifted := i+1, 0, 0
		if k, ok := keys[runes[i]]; ok && k.shifted {
			shifted++
		}
		lastDir := [2]float64{}
		for ; j < len(runes); j++ {
			a, ok1 := keys[runes[j-1]]
			b, ok2 := keys[runes[j]]
			if !ok1 || !ok2 || !adjacent(a, b) {
				break
			}
			dir := [2]float64{float64(b.row - a.row), math.Copysign(1, b.x-a.x)}
			if j == i+1 || dir != lastDir {
				turns++
			}
			lastDir = dir
			if b.shifted {
				shifted++
			}
		}
		if j-i >= 3 {
			parts = append(parts, Part{Kind: KindKeyboard, Token: string(runes[i:j]),
				Guesses: keyboardGuesses(j-i, turns, shifted), i: i, j: j})
		}
		i = max(j-1, i+1) // a run may start where the last one broke
	}
	return parts
}

// keyboardGuesses counts the runs of length n with at most turns changes
// of direction from any key, then the ways to shift some of the keys.
func keyboardGuesses(n, turns, shifted int) float64 {
	g := 0.0
	for length := 2; length <= n; length++ {
		for t := 1; t <= min(turns, length-1); t++ {
			g += binomial(length-1, t-1) * keyboardStarts * math.Pow(keyboardDegree, float64(t))
		}
	}
	if shifted > 0 {
		plain := n - shifted
		if plain == 0 {
			g *= 2
		} else {
			v := 0.0
			for k := 1; k <= min(shifted, plain); k++ {
				v += binomial(n, k)
			}
			g *= v
		}
	}
	return g
}

// sequenceParts finds runs of three or more letters or digits that step
// by the same small amount: abc, 9876, aceg.
func sequenceParts(runes []rune) []Part {
	var parts []Part
	class := func(r rune) int {
		switch {
		case r >= 'a' && r <= 'z':
			return 1
		case r >= 'A' && r <= 'Z':
			return 2
		case r >= '0' && r <= '9':
			return 3
		}
		return 0
	}
	for i := 0; i+2 < len(runes); {
		d := runes[i+1] - runes[i]
		if d == 0 || d > 5 || d < -5 || class(runes[i]) == 0 || class(runes[i]) != class(runes[i+1]) {
			i++
			continue
		}
		j := i + 2
		for j < len(runes) && runes[j]-runes[j-1] == d && class(runes[j]) == class(runes[i]) {
			j++
		}
		if j-i >= 3 {
			base := 26.0
			switch first := unicode.ToLower(runes[i]); {
			case first == 'a' || first == 'z' || first == '0' || first == '1' || first == '9':
				base = 4
			case class(first) == 3:
				base = 10
			}
			g := base * float64(j-i)
			if d < 0 {
				g *= 2
			}
			parts = append(parts, Part{Kind: KindSequence, Token: string(runes[i:j]), Guesses: g, i: i, j: j})
		}
		i = j - 1
	}
	return parts
}

// yearGuesses is how many years an attacker tries to reach y.
func yearGuesses(y int) float64 {
	return math.Max(math.Abs(float64(y-referenceYear)), minYearSpace)
}

// yearParts finds 1900 to 2099 among digits.
func yearParts(runes []rune) []Part {
	var parts []Part
	for i := 0; i+4 <= len(runes); i++ {
		if y, ok := number(runes[i : i+4]); ok && y >= 1900 && y <= 2099 {
			parts = append(parts, Part{Kind: KindYear, Token: string(runes[i : i+4]), Guesses: yearGuesses(y), i: i, j: i + 4})
		}
	}
	return parts
}

// number reads digits as a number.
func number(runes []rune) (int, bool) {
	n := 0
	for _, r := range runes {
		if r < '0' || r > '9' {
			return 0, false
		}
		n = n*10 + int(r-'0')
	}
	return n, len(runes) > 0
}

// dateParts finds dates of 4 to 10 characters: day, month and year in any
// usual order, with or without one kind of separator (25.12.1990, 251290,
// 1990-12-25).
func dateParts(runes []rune) []Part {
	var parts []Part
	for i := range runes {
		for j := i + 4; j <= min(len(runes), i+10); j++ {
			if y, sep, ok := readDate(runes[i:j]); ok {
				g := 365 * yearGuesses(y)
				if sep {
					g *= 4
				}
				parts = append(parts, Part{Kind: KindDate, Token: string(runes[i:j]), Guesses: g, i: i, j: j})
			}
		}
	}
	return parts
}

// readDate reads s as a date and returns its year and whether it had
// separators.
func readDate(s []rune) (year int, sep bool, ok bool) {
	var groups [][]rune
	var sepRune rune
	start := 0
	for k, r := range s {
		if r >= '0' && r <= '9' {
			continue
		}
		if r != '.' && r != '-' && r != '/' && r != ' ' && r != '_' && r != '\\' {
			return 0, false, false
		}
		if sepRune != 0 && r != sepRune {
			return 0, false, false
		}
		sepRune = r
		groups = append(groups, s[start:k])
		start = k + 1
	}
	groups = append(groups, s[start:])
	if sepRune != 0 {
		if len(groups) != 3 {
			return 0, false, false
		}
		if y, ok := dayMonthYear(groups[0], groups[1], groups[2]); ok {
			return y, true, true
		}
		return 0, false, false
	}
	if len(s) > 8 {
		return 0, false, false
	}
	for a := 1; a <= 4 && a < len(s); a++ {
		for b := a + 1; b <= a+4 && b < len(s); b++ {
			if y, ok := dayMonthYear(s[:a], s[a:b], s[b:]); ok {
				return y, false, true
			}
		}
	}
	return 0, false, false
}

// dayMonthYear reads three groups of digits as a date in the orders
// day-month-year, month-day-year, year-month-day and year-day-month, and
// returns the year.
func dayMonthYear(a, b, c []rune) (int, bool) {
	type order struct{ d, m, y []rune }
	for _, o := range []order{{a, b, c}, {b, a, c}, {b, c, a}, {c, b, a}} {
		d, ok1 := number(o.d)
		m, ok2 := number(o.m)
		y, ok3 := number(o.y)
		if !ok1 || !ok2 || !ok3 || len(o.d) > 2 || len(o.m) > 2 || (len(o.y) != 2 && len(o.y) != 4) {
			continue
		}
		if len(o.y) == 2 {
			y += 1900
			if y < 1950 {
				y += 100
			}
		}
		if d >= 1 && d <= 31 && m >= 1 && m <= 12 && y >= 1900 && y <= 2099 {
			return y, true
		}
	}
	return 0, false
}

// repeatParts finds a piece written twice or more in a row: aaa, abcabc,
// Kenya2024Kenya2024. The repeated unit is estimated in its turn.
func repeatParts(runes []rune, user map[string]int, depth int) []Part {
	lower := lowerRunes(runes)
	var parts []Part
	n := len(lower)
	for i := 0; i < n; i++ {
		bestLen, bestUnit := 0, 0
		for unit := 1; i+2*unit <= n; unit++ {
			count := 1
			for i+(count+1)*unit <= n && string(lower[i+count*unit:i+(count+1)*unit]) == string(lower[i:i+unit]) {
				count++
			}
			if count >= 2 && count*unit >= 3 && count*unit > bestLen {
				bestLen, bestUnit = count*unit, unit
			}
		}
		if bestLen == 0 {
			continue
		}
		unit := estimate(runes[i:i+bestUnit], user, depth+1)
		parts = append(parts, Part{Kind: KindRepeat, Token: string(runes[i : i+bestLen]),
			Guesses: unit.Guesses * float64(bestLen/bestUnit), i: i, j: i + bestLen})
	}
	return parts
}
