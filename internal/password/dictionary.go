package password

import (
	"embed"
	"path"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// The word lists, one word a line, the commonest first; "#" starts a
// comment line.
//
//go:embed words/*.txt
var wordFiles embed.FS

// dictionaryNames are the lists, in the order a word is claimed: a
// word in two lists keeps its best rank and the name of that list.
var dictionaryNames = []string{"passwords", "kenya", "names", "places", "kiswahili", "english"}

// entry is a word's best rank and the list that gives it.
type entry struct {
	rank int
	dict string
}

// dictionary maps each word to its entry; built once.
var dictionary = sync.OnceValue(func() map[string]entry {
	m := map[string]entry{}
	for _, name := range dictionaryNames {
		b, err := wordFiles.ReadFile(path.Join("words", name+".txt"))
		if err != nil {
			panic(err) // embedded: cannot happen
		}
		rank := 0
		for _, line := range strings.Split(string(b), "\n") {
			w := normalWord(line)
			if w == "" || strings.HasPrefix(strings.TrimSpace(line), "#") {
				continue
			}
			rank++
			if old, ok := m[w]; !ok || rank < old.rank {
				m[w] = entry{rank, name}
			}
		}
	}
	return m
})

// maxWordRunes is the longest word of any list.
var maxWordRunes = sync.OnceValue(func() int {
	n := 0
	for w := range dictionary() {
		n = max(n, utf8.RuneCountInString(w))
	}
	return n
})

// normalWord lowers a word and drops spaces, hyphens and apostrophes.
func normalWord(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '\'' || r == '\t' || r == '\r' {
			return -1
		}
		return unicode.ToLower(r)
	}, strings.TrimSpace(s))
}

// l33t maps each character people write for a letter to the letters it
// may stand for.
var l33t = map[rune][]rune{
	'4': {'a'}, '@': {'a'}, '8': {'b'}, '(': {'c'}, '{': {'c'}, '[': {'c'}, '<': {'c'},
	'3': {'e'}, '6': {'g'}, '9': {'g'}, '1': {'i', 'l'}, '!': {'i'}, '|': {'i', 'l'},
	'0': {'o'}, '$': {'s'}, '5': {'s'}, '7': {'t'}, '+': {'t'}, '%': {'x'}, '2': {'z'},
}

// unl33t returns the readings of lower as letters: one with each ambiguous
// character read as its first letter, one as its last.
func unl33t(lower []rune) [][]rune {
	var out [][]rune
	for _, pick := range []int{0, -1} {
		v := make([]rune, len(lower))
		changed := false
		for i, r := range lower {
			v[i] = r
			if letters, ok := l33t[r]; ok {
				k := pick
				if k < 0 {
					k = len(letters) - 1
				}
				v[i], changed = letters[k], true
			}
		}
		if changed && (len(out) == 0 || string(out[0]) != string(v)) {
			out = append(out, v)
		}
	}
	return out
}

// wordParts finds the words of the lists and of the user in runes, as
// typed, written backwards, and read from leetspeak.
func wordParts(runes []rune, user map[string]int) []Part {
	lower := lowerRunes(runes)
	var parts []Part
	add := func(i, j int, word string, reversed, leet bool) {
		e, ok := dictionary()[word]
		if r, mine := user[word]; mine && (!ok || r <= e.rank) {
			e, ok = entry{r, "user"}, true
		}
		if !ok {
			return
		}
		token := string(runes[i:j])
		g := float64(e.rank) * caseVariations(token)
		if reversed {
			g *= 2
		}
		if leet {
			g *= l33tVariations(lower[i:j])
		}
		parts = append(parts, Part{Kind: KindWord, Token: token, Dictionary: e.dict, Word: word,
			Reversed: reversed, L33t: leet, Guesses: g, i: i, j: j})
	}
	longest := max(maxWordRunes(), 3)
	n := len(lower)
	for i := range n {
		for j := i + 2; j <= min(n, i+longest); j++ {
			w := string(lower[i:j])
			add(i, j, w, false, false)
			if j-i >= 3 {
				if rev := reverse(w); rev != w {
					add(i, j, rev, true, false)
				}
			}
		}
	}
	// Words joined by separators: M-Pesa, Gor Mahia, harambee_stars.
	for i := range n {
		for j := i + 3; j <= min(n, i+longest+4); j++ {
			if isSeparator(lower[i]) || isSeparator(lower[j-1]) {
				continue
			}
			joined := strings.Map(func(r rune) rune {
				if isSeparator(r) {
					return -1
				}
				return r
			}, string(lower[i:j]))
			if utf8.RuneCountInString(joined) < j-i && utf8.RuneCountInString(joined) >= 2 {
				before := len(parts)
				add(i, j, joined, false, false)
				for k := before; k < len(parts); k++ {
					parts[k].Guesses *= separatorGuesses
				}
			}
		}
	}
	for _, v := range unl33t(lower) {
		for i := range n {
			for j := i + 2; j <= min(n, i+longest); j++ {
				if w := string(v[i:j]); w != string(lower[i:j]) {
					add(i, j, w, false, true)
					if rev := reverse(w); j-i >= 3 && rev != w {
						add(i, j, rev, true, true)
					}
				}
			}
		}
	}
	return parts
}

// l33tVariations is how many ways of writing letters as symbols an
// attacker tries before this one: per letter, the ways to place that many
// substitutions among its occurrences.
func l33tVariations(lower []rune) float64 {
	subbed := map[rune]int{}
	plain := map[rune]int{}
	for _, r := range lower {
		if letters, ok := l33t[r]; ok {
			subbed[letters[0]]++
		} else {
			plain[r]++
		}
	}
	v := 1.0
	for letter, s := range subbed {
		u := plain[letter]
		if u == 0 {
			v *= 2
			continue
		}
		sum := 0.0
		for k := 1; k <= min(s, u); k++ {
			sum += binomial(s+u, k)
		}
		v *= sum
	}
	return v
}

func reverse(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}
