// Package importer reads spreadsheets (CSV in UTF-8, UTF-16 or
// Windows-1252, and XLSX), maps their columns to Haki's fields with a
// saved Mapping, checks every row (the dry run) and hands the good rows
// to the store's batch engine, which writes them in one transaction.
package importer

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/haki-kenya/haki"
)

// The encodings Open detects.
const (
	EncodingUTF8    = "utf-8"
	EncodingUTF16LE = "utf-16le"
	EncodingUTF16BE = "utf-16be"
	EncodingCP1252  = "windows-1252"
	EncodingXLSX    = "xlsx"
)

// MaxColumns bounds the columns of a sheet; MaxCell bounds one value.
const (
	MaxColumns = 500
	MaxCell    = 100000
)

// sniffSize is how much of a file Open looks at to tell its encoding and
// separator.
const sniffSize = 64 << 10

// Table is a spreadsheet being read row by row: its header, then its rows.
type Table struct {
	Header    []string // as written, trimmed of spaces
	Encoding  string   // one of the Encoding constants
	Separator rune     // ',', ';' or '\t' for CSV; 0 for XLSX
	next      func() ([]string, error)
	line      int
	close     func() error
}

// Next returns the next data row (io.EOF at the end) and its row number
// in the file, counting the header as row 1 as a spreadsheet does. The
// slice is reused by the following call.
func (t *Table) Next() ([]string, int, error) {
	row, err := t.next()
	if err != nil {
		return nil, 0, err
	}
	return row, t.line, nil
}

// Close releases what the table holds (an XLSX file's temporary files).
func (t *Table) Close() error {
	if t.close != nil {
		return t.close()
	}
	return nil
}

// Open starts reading a spreadsheet: XLSX when it is a ZIP file, else CSV
// whose encoding (byte-order mark, else UTF-8, else Windows-1252) and
// separator (comma, semicolon or tab, the most frequent in the header
// line) it detects.
func Open(r io.Reader) (*Table, error) {
	br := bufio.NewReaderSize(r, sniffSize)
	head, err := br.Peek(sniffSize)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, fmt.Errorf("importer: read: %w", err)
	}
	if bytes.HasPrefix(head, []byte("PK\x03\x04")) {
		return openXLSX(br)
	}
	return openCSV(br, head)
}

func openCSV(br *bufio.Reader, head []byte) (*Table, error) {
	t := &Table{}
	var src io.Reader = br
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		t.Encoding = EncodingUTF8
		br.Discard(3)
		head = head[3:]
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		t.Encoding = EncodingUTF16LE
		src = transform.NewReader(br, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder())
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		t.Encoding = EncodingUTF16BE
		src = transform.NewReader(br, unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder())
	case validUTF8Prefix(head):
		t.Encoding = EncodingUTF8
	default:
		t.Encoding = EncodingCP1252
		src = transform.NewReader(br, charmap.Windows1252.NewDecoder())
	}
	if t.Encoding == EncodingUTF8 {
		// A byte that is not UTF-8 past the sniffed part is read as
		// Windows-1252 rather than refused or turned into U+FFFD.
		src = transform.NewReader(br, utf8OrCP1252{})
	}
	sample := head
	if t.Encoding == EncodingUTF16LE || t.Encoding == EncodingUTF16BE {
		sample, _ = unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(head[:len(head)&^1])
		if t.Encoding == EncodingUTF16BE {
			sample, _ = unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder().Bytes(head[:len(head)&^1])
		}
	}
	t.Separator = detectSeparator(sample)
	cr := csv.NewReader(src)
	cr.Comma = t.Separator
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = true
	physical := 0 // the last physical line of the previous record
	t.next = func() ([]string, error) {
		for {
			row, err := cr.Read()
			t.line++
			if err == nil {
				// The reader skips empty lines; a spreadsheet counts them
				// as rows, so the row numbers here do too.
				start, _ := cr.FieldPos(0)
				t.line += max(start-physical-1, 0)
				physical = start
				for _, v := range row {
					physical += strings.Count(v, "\n")
				}
			}
			if err != nil {
				if err == io.EOF {
					return nil, io.EOF
				}
				return nil, haki.Errorf(haki.EINVALID, "The file could not be read as CSV near row %d: %v", t.line, err)
			}
			if blank(row) {
				continue
			}
			return row, checkRow(row, t.line)
		}
	}
	header, err := t.next()
	if err == io.EOF {
		return nil, haki.Errorf(haki.EINVALID, "The file is empty: it has no header row.")
	}
	if err != nil {
		return nil, err
	}
	t.Header = trimAll(header)
	return t, checkHeader(t.Header)
}

func openXLSX(r io.Reader) (*Table, error) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, haki.Errorf(haki.EINVALID, "The file could not be read as a spreadsheet (XLSX).")
	}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		f.Close()
		return nil, haki.Errorf(haki.EINVALID, "The spreadsheet has no sheet.")
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		f.Close()
		return nil, haki.Errorf(haki.EINVALID, "The first sheet of the spreadsheet could not be read.")
	}
	t := &Table{Encoding: EncodingXLSX, close: func() error { rows.Close(); return f.Close() }}
	t.next = func() ([]string, error) {
		for rows.Next() {
			t.line++
			row, err := rows.Columns()
			if err != nil {
				return nil, haki.Errorf(haki.EINVALID, "The spreadsheet could not be read near row %d.", t.line)
			}
			if blank(row) {
				continue
			}
			return row, checkRow(row, t.line)
		}
		return nil, io.EOF
	}
	header, err := t.next()
	if err == io.EOF {
		t.Close()
		return nil, haki.Errorf(haki.EINVALID, "The first sheet is empty: it has no header row.")
	}
	if err != nil {
		t.Close()
		return nil, err
	}
	t.Header = trimAll(header)
	return t, checkHeader(t.Header)
}

func checkHeader(h []string) error {
	seen := map[string]bool{}
	for i, c := range h {
		if c == "" {
			continue
		}
		if seen[c] {
			return haki.Errorf(haki.EINVALID, "Two columns are named %q (column %d): name each column once.", c, i+1)
		}
		seen[c] = true
	}
	return nil
}

func checkRow(row []string, line int) error {
	if len(row) > MaxColumns {
		return haki.Errorf(haki.EINVALID, "Row %d has %d columns; at most %d are read.", line, len(row), MaxColumns)
	}
	for _, v := range row {
		if len(v) > MaxCell {
			return haki.Errorf(haki.EINVALID, "Row %d has a value longer than %d characters.", line, MaxCell)
		}
	}
	return nil
}

func blank(row []string) bool {
	for _, v := range row {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

func trimAll(h []string) []string {
	out := make([]string, len(h))
	for i, c := range h {
		out[i] = strings.Join(strings.Fields(c), " ")
	}
	return out
}

// validUTF8Prefix reports whether b is UTF-8, allowing a rune cut at the
// end of the sniffed part.
func validUTF8Prefix(b []byte) bool {
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n == 1 {
			return len(b) < utf8.UTFMax && !utf8.FullRune(b)
		}
		b = b[n:]
	}
	return true
}

// detectSeparator picks the separator most frequent outside quotes in the
// first line: comma, semicolon or tab.
func detectSeparator(b []byte) rune {
	counts := map[rune]int{}
	quoted := false
	for _, c := range string(b) {
		if c == '"' {
			quoted = !quoted
		}
		if quoted {
			continue
		}
		if c == '\n' {
			break
		}
		if c == ',' || c == ';' || c == '\t' {
			counts[c]++
		}
	}
	best := ','
	for _, c := range []rune{';', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return best
}

// utf8OrCP1252 passes UTF-8 through and reads any byte that is not part
// of a valid UTF-8 sequence as Windows-1252.
type utf8OrCP1252 struct{}

func (utf8OrCP1252) Reset() {}

func (utf8OrCP1252) Transform(dst, src []byte, atEOF bool) (nDst, nSrc int, err error) {
	for nSrc < len(src) {
		c := src[nSrc]
		if c < utf8.RuneSelf {
			if nDst >= len(dst) {
				return nDst, nSrc, transform.ErrShortDst
			}
			dst[nDst] = c
			nDst++
			nSrc++
			continue
		}
		r, n := utf8.DecodeRune(src[nSrc:])
		if r == utf8.RuneError && n == 1 {
			if !atEOF && !utf8.FullRune(src[nSrc:]) {
				return nDst, nSrc, transform.ErrShortSrc
			}
			r = charmap.Windows1252.DecodeByte(c)
			n = 1
		}
		if nDst+utf8.RuneLen(r) > len(dst) {
			return nDst, nSrc, transform.ErrShortDst
		}
		nDst += utf8.EncodeRune(dst[nDst:], r)
		nSrc += n
	}
	return nDst, nSrc, nil
}
