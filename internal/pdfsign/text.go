package pdfsign

import (
	"bytes"
	"fmt"
	"unicode/utf16"
)

// textString decodes a PDF text string: UTF-16BE after a byte-order mark,
// otherwise bytes read as Latin-1 (close enough to PDFDocEncoding).
func textString(b []byte) string {
	if len(b) >= 2 && b[0] == 0xFE && b[1] == 0xFF {
		u := make([]uint16, 0, len(b)/2)
		for i := 2; i+1 < len(b); i += 2 {
			u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
		}
		return string(utf16.Decode(u))
	}
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r)
}

// encodeText writes s as a PDF text string: a hex string of UTF-16BE with
// a byte-order mark, which needs no escaping and holds any language.
func encodeText(s string) string {
	var b bytes.Buffer
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}
