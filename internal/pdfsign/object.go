package pdfsign

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
)

// kind is the type of a parsed PDF object.
type kind int

const (
	kNull kind = iota
	kBool
	kNumber
	kName
	kString
	kArray
	kDict
	kRef
)

// object is one PDF object as read from the file. Start and End bound its
// text in the buffer it was read from, so a dictionary can be copied with
// one entry changed without re-encoding the others.
type object struct {
	kind       kind
	start, end int
	num        int64    // kNumber (integers only), kRef (object number)
	gen        int64    // kRef
	name       string   // kName, without the slash
	str        []byte   // kString, decoded
	items      []object // kArray
	keys       []string // kDict, in order
	vals       []object // kDict
}

// get returns the value of key in a dictionary.
func (o *object) get(key string) (object, bool) {
	for i, k := range o.keys {
		if k == key {
			return o.vals[i], true
		}
	}
	return object{}, false
}

// maxDepth bounds nesting, so hostile input cannot exhaust the stack.
const maxDepth = 64

// parser reads PDF objects from b, starting at pos.
type parser struct {
	b   []byte
	pos int
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isDelim(c byte) bool {
	return bytes.IndexByte([]byte("()<>[]{}/%"), c) >= 0
}

// skip passes white space and comments.
func (p *parser) skip() {
	for p.pos < len(p.b) {
		c := p.b[p.pos]
		switch {
		case isSpace(c):
			p.pos++
		case c == '%':
			for p.pos < len(p.b) && p.b[p.pos] != '\n' && p.b[p.pos] != '\r' {
				p.pos++
			}
		default:
			return
		}
	}
}

// word reads a run of regular characters (a number or a keyword).
func (p *parser) word() string {
	start := p.pos
	for p.pos < len(p.b) && !isSpace(p.b[p.pos]) && !isDelim(p.b[p.pos]) {
		p.pos++
	}
	return string(p.b[start:p.pos])
}

// value reads one object; "n g R" is read as a reference.
func (p *parser) value(depth int) (object, error) {
	if depth > maxDepth {
		return object{}, errors.New("objects nested too deep")
	}
	p.skip()
	if p.pos >= len(p.b) {
		return object{}, errors.New("unexpected end of file")
	}
	start := p.pos
	var o object
	var err error
	switch c := p.b[p.pos]; {
	case c == '/':
		p.pos++
		o = object{kind: kName, name: p.word()}
	case c == '(':
		o.kind = kString
		o.str, err = p.literal()
	case c == '<' && p.pos+1 < len(p.b) && p.b[p.pos+1] == '<':
		o, err = p.dict(depth)
	case c == '<':
		o.kind = kString
		o.str, err = p.hex()
	case c == '[':
		o, err = p.array(depth)
	default:
		w := p.word()
		if w == "" {
			return object{}, fmt.Errorf("unexpected %q at offset %d", c, p.pos)
		}
		o, err = p.scalar(w)
	}
	if err != nil {
		return object{}, err
	}
	o.start, o.end = start, p.pos
	return o, nil
}

// scalar reads a keyword or a number, and a reference "n g R" after it.
func (p *parser) scalar(w string) (object, error) {
	switch w {
	case "null":
		return object{kind: kNull}, nil
	case "true", "false":
		return object{kind: kBool}, nil
	}
	n, err := strconv.ParseInt(w, 10, 64)
	if err != nil {
		if _, err := strconv.ParseFloat(w, 64); err == nil {
			return object{kind: kNumber}, nil
		}
		return object{}, fmt.Errorf("unexpected %q", w)
	}
	save := p.pos
	p.skip()
	g, err := strconv.ParseInt(p.word(), 10, 64)
	if err == nil {
		p.skip()
		if p.pos < len(p.b) && p.b[p.pos] == 'R' && (p.pos+1 == len(p.b) || isSpace(p.b[p.pos+1]) || isDelim(p.b[p.pos+1])) {
			p.pos++
			return object{kind: kRef, num: n, gen: g}, nil
		}
	}
	p.pos = save
	return object{kind: kNumber, num: n}, nil
}

func (p *parser) dict(depth int) (object, error) {
	p.pos += 2
	o := object{kind: kDict}
	for {
		p.skip()
		if p.pos+1 < len(p.b) && p.b[p.pos] == '>' && p.b[p.pos+1] == '>' {
			p.pos += 2
			return o, nil
		}
		k, err := p.value(depth + 1)
		if err != nil {
			return object{}, err
		}
		if k.kind != kName {
			return object{}, fmt.Errorf("dictionary key is not a name at offset %d", k.start)
		}
		v, err := p.value(depth + 1)
		if err != nil {
			return object{}, err
		}
		o.keys = append(o.keys, k.name)
		o.vals = append(o.vals, v)
	}
}

func (p *parser) array(depth int) (object, error) {
	p.pos++
	o := object{kind: kArray}
	for {
		p.skip()
		if p.pos < len(p.b) && p.b[p.pos] == ']' {
			p.pos++
			return o, nil
		}
		v, err := p.value(depth + 1)
		if err != nil {
			return object{}, err
		}
		o.items = append(o.items, v)
	}
}

// literal reads a (string) with its escapes and balanced parentheses.
func (p *parser) literal() ([]byte, error) {
	p.pos++
	var out []byte
	for level := 0; p.pos < len(p.b); p.pos++ {
		c := p.b[p.pos]
		switch c {
		case '(':
			level++
		case ')':
			if level == 0 {
				p.pos++
				return out, nil
			}
			level--
		case '\\':
			p.pos++
			if p.pos >= len(p.b) {
				return nil, errors.New("unterminated string")
			}
			c = p.b[p.pos]
			switch c {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r', '\n':
				continue // a line continuation
			default:
				if c >= '0' && c <= '7' {
					v := 0
					for i := 0; i < 3 && p.pos < len(p.b) && p.b[p.pos] >= '0' && p.b[p.pos] <= '7'; i++ {
						v = v*8 + int(p.b[p.pos]-'0')
						p.pos++
					}
					p.pos--
					c = byte(v)
				}
			}
		}
		out = append(out, c)
	}
	return nil, errors.New("unterminated string")
}

// hex reads a <hex string>.
func (p *parser) hex() ([]byte, error) {
	p.pos++
	var out []byte
	half, odd := byte(0), false
	for ; p.pos < len(p.b); p.pos++ {
		c := p.b[p.pos]
		var v byte
		switch {
		case c == '>':
			p.pos++
			if odd {
				out = append(out, half<<4)
			}
			return out, nil
		case isSpace(c):
			continue
		case c >= '0' && c <= '9':
			v = c - '0'
		case c >= 'a' && c <= 'f':
			v = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			v = c - 'A' + 10
		default:
			return nil, fmt.Errorf("bad hex string at offset %d", p.pos)
		}
		if odd {
			out = append(out, half<<4|v)
		} else {
			half = v
		}
		odd = !odd
	}
	return nil, errors.New("unterminated hex string")
}
