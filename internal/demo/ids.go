package demo

import (
	"math/rand/v2"
	"strconv"
	"time"
)

const hexDigits = "0123456789abcdef"

// uuid returns a version-4 UUID drawn from r, so that the same seed gives
// the same identifiers; crypto/rand would make runs differ.
func uuid(r *rand.Rand) string {
	var b [36]byte
	hi, lo := r.Uint64(), r.Uint64()
	hi = hi&^0xf000 | 0x4000     // version 4
	lo = lo&^(0xc<<60) | 0x8<<60 // variant 10xx (RFC 4122)
	putHex(b[0:8], hi>>32, 8)
	putHex(b[9:13], hi>>16, 4)
	putHex(b[14:18], hi, 4)
	putHex(b[19:23], lo>>48, 4)
	putHex(b[24:36], lo, 12)
	b[8], b[13], b[18], b[23] = '-', '-', '-', '-'
	return string(b[:])
}

// idSeq makes time-ordered identifiers in the UUID version 7 layout, so a
// bulk load appends to the end of each index instead of touching random
// pages (the difference between minutes and tens of minutes at a million
// incidents). Generated records have no real moment of insertion, so the
// 48-bit time field counts up from a fixed epoch, one per identifier;
// the rest comes from r, keeping runs deterministic.
type idSeq struct{ ms uint64 }

// idEpoch is 2013-01-01T00:00:00Z in Unix milliseconds.
const idEpoch = 1356998400000

func (s *idSeq) next(r *rand.Rand) string {
	if s.ms == 0 {
		s.ms = idEpoch
	}
	s.ms++
	var b [36]byte
	hi := s.ms<<16 | 0x7000 | r.Uint64()&0x0fff
	lo := r.Uint64()&^(0xc<<60) | 0x8<<60
	putHex(b[0:8], hi>>32, 8)
	putHex(b[9:13], hi>>16, 4)
	putHex(b[14:18], hi, 4)
	putHex(b[19:23], lo>>48, 4)
	putHex(b[24:36], lo, 12)
	b[8], b[13], b[18], b[23] = '-', '-', '-', '-'
	return string(b[:])
}

// putHex writes the low n hex digits of v into dst.
func putHex(dst []byte, v uint64, n int) {
	for i := n - 1; i >= 0; i-- {
		dst[i] = hexDigits[v&0xf]
		v >>= 4
	}
}

// refCounter numbers references per prefix and year, from 1, in the order
// records are emitted, as the store does for records entered by hand.
type refCounter struct {
	counts map[string][]int // prefix -> count per year since refMinYear
}

const refMinYear = 1990

func newRefCounter() *refCounter { return &refCounter{counts: map[string][]int{}} }

// next returns the next reference such as INC-2024-000123 for the year of t.
func (c *refCounter) next(prefix string, t time.Time) string {
	y := t.Year()
	i := y - refMinYear
	years := c.counts[prefix]
	for len(years) <= i {
		years = append(years, 0)
	}
	years[i]++
	c.counts[prefix] = years
	n := years[i]
	b := make([]byte, 0, len(prefix)+13)
	b = append(b, prefix...)
	b = append(b, '-')
	b = strconv.AppendInt(b, int64(y), 10)
	b = append(b, '-')
	b = appendPadded(b, n, 6)
	return string(b)
}

// appendPadded appends n in decimal with at least width digits.
func appendPadded(b []byte, n, width int) []byte {
	var tmp [20]byte
	s := strconv.AppendInt(tmp[:0], int64(n), 10)
	for i := len(s); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

// digits returns n random decimal digits, the first one from first..9.
func digits(r *rand.Rand, n int, first byte) string {
	b := make([]byte, n)
	b[0] = first + byte(r.IntN(int('9'-first)+1))
	for i := 1; i < n; i++ {
		b[i] = '0' + byte(r.IntN(10))
	}
	return string(b)
}

// table is a weighted choice among items, drawn by index.
type table struct {
	cum   []int
	total int
}

// w is one weighted entry used to build a table of codes.
type w struct {
	code   string
	weight int
}

// codes is a weighted choice among vocabulary codes.
type codes struct {
	items []string
	t     table
}

func newTable(weights ...int) table {
	t := table{cum: make([]int, len(weights))}
	for i, x := range weights {
		t.total += x
		t.cum[i] = t.total
	}
	return t
}

func newCodes(ws ...w) codes {
	c := codes{items: make([]string, len(ws))}
	weights := make([]int, len(ws))
	for i, x := range ws {
		c.items[i], weights[i] = x.code, x.weight
	}
	c.t = newTable(weights...)
	return c
}

// pick returns an index with probability proportional to its weight.
func (t *table) pick(r *rand.Rand) int {
	n := r.IntN(t.total)
	lo, hi := 0, len(t.cum)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if t.cum[mid] > n {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

func (c *codes) pick(r *rand.Rand) string { return c.items[c.t.pick(r)] }

// chance reports true with probability p.
func chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

// between returns a random int in [lo, hi].
func between(r *rand.Rand, lo, hi int) int { return lo + r.IntN(hi-lo+1) }

func oneOf[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }
