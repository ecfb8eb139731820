package pdfdoc

import (
	"encoding/binary"
	"errors"
)

// coverage is the set of characters of the Basic Multilingual Plane a
// font has a glyph for, one bit each.
type coverage [0x10000 / 64]uint64

func (c *coverage) has(r rune) bool {
	return r >= 0 && r < 0x10000 && c[r/64]&(1<<(r%64)) != 0
}

func (c *coverage) add(r rune) { c[r/64] |= 1 << (r % 64) }

// readCoverage reads the characters a TrueType font maps to a glyph from
// its Unicode BMP character map (platform 3, encoding 1, format 4), the
// only one fpdf's UTF-8 fonts use.
func readCoverage(font []byte) (*coverage, error) {
	be := binary.BigEndian
	short := func(off int) (int, bool) {
		if off < 0 || off+2 > len(font) {
			return 0, false
		}
		return int(be.Uint16(font[off:])), true
	}
	bad := errors.New("pdfdoc: font has no readable Unicode character map")
	n, ok := short(4)
	if !ok {
		return nil, bad
	}
	cmap := -1
	for i := range n {
		rec := 12 + 16*i
		if rec+16 > len(font) {
			return nil, bad
		}
		if string(font[rec:rec+4]) == "cmap" {
			cmap = int(be.Uint32(font[rec+8:]))
		}
	}
	if cmap < 0 {
		return nil, bad
	}
	subtables, ok := short(cmap + 2)
	if !ok {
		return nil, bad
	}
	table := -1
	for i := range subtables {
		rec := cmap + 4 + 8*i
		platform, ok1 := short(rec)
		encoding, ok2 := short(rec + 2)
		if !ok1 || !ok2 || rec+8 > len(font) {
			return nil, bad
		}
		if platform == 3 && encoding == 1 {
			table = cmap + int(be.Uint32(font[rec+4:]))
		}
	}
	if format, ok := short(table); !ok || format != 4 {
		return nil, bad
	}
	segX2, ok := short(table + 6)
	if !ok {
		return nil, bad
	}
	ends, starts := table+14, table+16+segX2
	deltas, offsets := starts+segX2, starts+2*segX2
	c := new(coverage)
	for s := 0; s < segX2; s += 2 {
		end, ok1 := short(ends + s)
		start, ok2 := short(starts + s)
		delta, ok3 := short(deltas + s)
		rangeOff, ok4 := short(offsets + s)
		if !ok1 || !ok2 || !ok3 || !ok4 {
			return nil, bad
		}
		for ch := start; ch <= end && ch < 0xFFFF; ch++ {
			glyph := (ch + delta) & 0xFFFF
			if rangeOff != 0 {
				g, ok := short(offsets + s + rangeOff + 2*(ch-start))
				if !ok {
					return nil, bad
				}
				glyph = 0
				if g != 0 {
					glyph = (g + delta) & 0xFFFF
				}
			}
			if glyph != 0 {
				c.add(rune(ch))
			}
		}
	}
	return c, nil
}
