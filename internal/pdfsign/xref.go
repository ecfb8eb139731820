package pdfsign

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
)

// xrefEntry is where the newest version of an object starts.
type xrefEntry struct {
	offset int
	gen    int64
}

// document is what Sign needs to know of a PDF: where each object is and
// the newest trailer.
type document struct {
	b        []byte
	xref     map[int64]xrefEntry
	trailer  object
	startxrf int // the offset of the newest cross-reference section
}

// maxSections bounds the /Prev chain of cross-reference sections.
const maxSections = 256

// readDocument reads the classic cross-reference sections of b, newest
// first, following /Prev. Cross-reference streams (PDF 1.5) are refused:
// the PDF library Haki uses never writes them.
func readDocument(b []byte) (*document, error) {
	i := bytes.LastIndex(b, []byte("startxref"))
	if i < 0 {
		return nil, errors.New("pdfsign: not a PDF: no startxref")
	}
	p := &parser{b: b, pos: i + len("startxref")}
	p.skip()
	off, err := strconv.Atoi(p.word())
	if err != nil {
		return nil, errors.New("pdfsign: startxref is not a number")
	}
	d := &document{b: b, xref: map[int64]xrefEntry{}, startxrf: off}
	seen := map[int]bool{}
	for n := 0; ; n++ {
		if n >= maxSections || seen[off] {
			return nil, errors.New("pdfsign: cross-reference sections loop")
		}
		seen[off] = true
		trailer, err := d.readSection(off)
		if err != nil {
			return nil, err
		}
		if n == 0 {
			d.trailer = trailer
		}
		prev, ok := trailer.get("Prev")
		if !ok {
			return d, nil
		}
		if prev.kind != kNumber {
			return nil, errors.New("pdfsign: /Prev is not a number")
		}
		off = int(prev.num)
	}
}

// readSection reads one "xref ... trailer <<...>>" section at off,
// keeping the entries not already known from a newer section.
func (d *document) readSection(off int) (object, error) {
	if off < 0 || off >= len(d.b) {
		return object{}, fmt.Errorf("pdfsign: cross-reference offset %d outside the file", off)
	}
	p := &parser{b: d.b, pos: off}
	p.skip()
	if p.word() != "xref" {
		return object{}, errors.New("pdfsign: cross-reference streams are not supported (a classic xref table is needed)")
	}
	for {
		p.skip()
		w := p.word()
		if w == "trailer" {
			t, err := p.value(0)
			if err != nil {
				return object{}, fmt.Errorf("pdfsign: trailer: %w", err)
			}
			if t.kind != kDict {
				return object{}, errors.New("pdfsign: trailer is not a dictionary")
			}
			return t, nil
		}
		first, err1 := strconv.ParseInt(w, 10, 64)
		p.skip()
		count, err2 := strconv.ParseInt(p.word(), 10, 64)
		if err1 != nil || err2 != nil || first < 0 || count < 0 || count > int64(len(d.b)/18) {
			return object{}, fmt.Errorf("pdfsign: bad cross-reference subsection at offset %d", p.pos)
		}
		for i := int64(0); i < count; i++ {
			p.skip()
			o, err1 := strconv.Atoi(p.word())
			p.skip()
			g, err2 := strconv.ParseInt(p.word(), 10, 64)
			p.skip()
			use := p.word()
			if err1 != nil || err2 != nil || (use != "n" && use != "f") {
				return object{}, fmt.Errorf("pdfsign: bad cross-reference entry at offset %d", p.pos)
			}
			if _, known := d.xref[first+i]; !known && use == "n" {
				d.xref[first+i] = xrefEntry{offset: o, gen: g}
			} else if !known {
				d.xref[first+i] = xrefEntry{offset: -1, gen: g}
			}
		}
	}
}

// object returns the indirect object num: its value and generation.
func (d *document) object(num int64) (object, int64, error) {
	e, ok := d.xref[num]
	if !ok || e.offset < 0 || e.offset >= len(d.b) {
		return object{}, 0, fmt.Errorf("pdfsign: object %d not found", num)
	}
	p := &parser{b: d.b, pos: e.offset}
	p.skip()
	n, err1 := strconv.ParseInt(p.word(), 10, 64)
	p.skip()
	g, err2 := strconv.ParseInt(p.word(), 10, 64)
	p.skip()
	if err1 != nil || err2 != nil || n != num || p.word() != "obj" {
		return object{}, 0, fmt.Errorf("pdfsign: object %d is not where the cross-reference says", num)
	}
	v, err := p.value(0)
	if err != nil {
		return object{}, 0, fmt.Errorf("pdfsign: object %d: %w", num, err)
	}
	return v, g, nil
}

// dict returns the dictionary that the reference ref points to.
func (d *document) dict(ref object, what string) (object, int64, error) {
	if ref.kind != kRef {
		return object{}, 0, fmt.Errorf("pdfsign: %s is not an indirect object", what)
	}
	v, g, err := d.object(ref.num)
	if err != nil {
		return object{}, 0, err
	}
	if v.kind != kDict {
		return object{}, 0, fmt.Errorf("pdfsign: %s is not a dictionary", what)
	}
	return v, g, nil
}

// firstPage follows /Pages and the first /Kids down to the first page.
func (d *document) firstPage(catalog object) (object, object, int64, error) {
	ref, _ := catalog.get("Pages")
	for depth := 0; depth < maxDepth; depth++ {
		node, gen, err := d.dict(ref, "the page tree")
		if err != nil {
			return object{}, object{}, 0, err
		}
		if t, _ := node.get("Type"); t.name == "Page" {
			return ref, node, gen, nil
		}
		kids, _ := node.get("Kids")
		if kids.kind != kArray || len(kids.items) == 0 {
			return object{}, object{}, 0, errors.New("pdfsign: the document has no page")
		}
		ref = kids.items[0]
	}
	return object{}, object{}, 0, errors.New("pdfsign: page tree too deep")
}
