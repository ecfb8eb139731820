package vault

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Indexer makes blind-index tokens: keyed hashes (HMAC-SHA-256 with a
// secret index key) of normalised words, so equal words give equal tokens
// but a token says nothing without the key.
type Indexer struct{ key []byte }

// NewIndexer returns an indexer with the secret index key.
func NewIndexer(key []byte) *Indexer { return &Indexer{key: key} }

// token is 64 bits of HMAC, hex. Among millions of tokens a collision is
// about a one-in-a-million chance, and it would only add a record to a
// search's results (which access rules still filter); shorter tokens keep
// the index small and fast to write.
func (x *Indexer) token(kind, value string) string {
	return x.tokenWith(hmac.New(sha256.New, x.key), kind, value)
}

// tokenWith is token reusing m, which it resets: making an HMAC costs more
// than using it, and free text has many words.
func (x *Indexer) tokenWith(m hash.Hash, kind, value string) string {
	m.Reset()
	m.Write([]byte(kind))
	m.Write([]byte{0})
	m.Write([]byte(value))
	var sum [sha256.Size]byte
	return hex.EncodeToString(m.Sum(sum[:0])[:8])
}

// NameTokens returns the tokens of names (a full name and its aliases): one
// per distinct phonetic key of their words, so spelling variants
// ("Mohamed", "Muhammad") and any word order find the person.
func (x *Indexer) NameTokens(names ...string) []string {
	seen := map[string]bool{}
	var out []string
	m := hmac.New(sha256.New, x.key)
	for _, n := range names {
		for _, w := range Words(n) {
			if p := Phonetic(w); p != "" && !seen[p] {
				seen[p] = true
				out = append(out, x.tokenWith(m, "name", p))
			}
		}
	}
	return out
}

// Query returns, for each word typed into a search (at most max), the
// tokens it may match: the phonetic token of a name and the token of a word
// of free text. A record matches when, for every word, it has one of them.
func (x *Indexer) Query(text string, max int) [][]string {
	var out [][]string
	seen := map[string]bool{}
	for _, w := range Words(text) {
		if seen[w] || len(out) == max {
			continue
		}
		seen[w] = true
		alts := []string{}
		if p := Phonetic(w); p != "" {
			alts = append(alts, x.token("name", p))
		}
		if len(w) >= 3 && !stopWords[w] {
			alts = append(alts, x.token("word", w))
		}
		if len(alts) > 0 {
			out = append(out, alts)
		}
	}
	return out
}

// IDToken returns the token of an identity number (ID, passport) or phone
// number, normalised so "0712 345 678" and "+254712345678" agree; "" for
// an empty value.
func (x *Indexer) IDToken(kind, value string) string {
	v := NormaliseID(kind, value)
	if v == "" {
		return ""
	}
	return x.token(kind, v)
}

// TextTokens returns one token per distinct word of free text (a title,
// a narrative, a note), skipping very short and very common words, at most
// max of them.
func (x *Indexer) TextTokens(max int, texts ...string) []string {
	seen := map[string]bool{}
	var out []string
	m := hmac.New(sha256.New, x.key)
	for _, t := range texts {
		for _, w := range Words(t) {
			if len(w) < 3 || stopWords[w] || seen[w] {
				continue
			}
			seen[w] = true
			out = append(out, x.tokenWith(m, "word", w))
			if len(out) == max {
				return out
			}
		}
	}
	return out
}

// TextQuery returns the tokens of the words typed into a text search.
func (x *Indexer) TextQuery(text string) []string { return x.TextTokens(16, text) }

// NormaliseID reduces an identity or phone number to its digits and
// letters; phone numbers lose the country code so local and international
// forms agree.
func NormaliseID(kind, v string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(v) {
		if r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' {
			b.WriteRune(r)
		}
	}
	s := b.String()
	if kind == "phone" && strings.HasPrefix(s, "254") && len(s) == 12 {
		s = "0" + s[3:]
	}
	return s
}

// Words splits text into lower-case words of letters and digits, with
// accents removed ("Nyaboké" becomes "nyaboke").
func Words(text string) []string {
	var words []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			words = append(words, b.String())
			b.Reset()
		}
	}
	for _, r := range norm.NFD.String(text) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// a combining accent: drop it, keep the letter
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		case r == '\'' || r == '’':
			// Murang'a, O'Brien: one word
		default:
			flush()
		}
	}
	flush()
	return words
}

// Phonetic returns a key that spelling variants of a name share: the first
// letter, then the consonants with similar sounds merged, doubled letters
// single, and vowels, "h" after a consonant and a final "h" dropped. It is
// tuned for names written in Kenya: Mohamed, Mohammed and Muhammad give
// "mhmd"; Wanjiru and Wanjiro give "wnjr"; Otieno and Ochieng stay apart.
func Phonetic(word string) string {
	w := []byte(strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' {
			return r
		}
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, strings.ToLower(word)))
	if len(w) == 0 {
		return ""
	}
	s := string(w)
	for _, r := range [][2]string{{"ph", "f"}, {"ck", "k"}, {"ch", "x"}, {"sh", "x"}, {"q", "k"}, {"c", "k"}, {"v", "f"}, {"dh", "d"}, {"th", "t"}, {"y", "i"}} {
		s = strings.ReplaceAll(s, r[0], r[1])
	}
	first := s[0]
	var out []byte
	out = append(out, first)
	prev := first
	for i := 1; i < len(s); i++ {
		c := s[i]
		if strings.IndexByte("aeiou", c) >= 0 || c == 'h' && strings.IndexByte("aeiou", prev) < 0 {
			prev = c
			continue
		}
		if c != out[len(out)-1] {
			out = append(out, c)
		}
		prev = c
	}
	for len(out) > 1 && out[len(out)-1] == 'h' {
		out = out[:len(out)-1]
	}
	return string(out)
}

// stopWords are common English and Kiswahili words that would match most
// narratives.
var stopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`the and was were for with that this from his her him she they them their had has have not but are who
		which when where there after before into out about been being said also its one two ana kwa wa ya za la cha vya katika na ni
		alikuwa walikuwa kwamba hadi baada kabla yake wake wao hii huo hiyo pia lakini`) {
		stopWords[w] = true
	}
}
