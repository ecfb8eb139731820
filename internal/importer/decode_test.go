package importer

import (
	"bytes"
	"io"
	"os"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// readAll opens b and returns its header and rows.
func readAll(tb testing.TB, b []byte) (*Table, [][]string, []int) {
	tb.Helper()
	t, err := Open(bytes.NewReader(b))
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	defer t.Close()
	var rows [][]string
	var lines []int
	for {
		r, line, err := t.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			tb.Fatalf("Next: %v", err)
		}
		rows = append(rows, slices.Clone(r))
		lines = append(lines, line)
	}
	return t, rows, lines
}

func TestOpenEncodingsAndSeparators(t *testing.T) {
	const text = "Name;Place;Age\nWanjirũ Müller;Nairobi;30\n\n\"Omar; Jr\";Mombasa;\n"
	utf16le, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(text))
	utf16be, _ := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(text))
	cp := "Name\tPlace\tAge\nJos\xe9 O\x92Brien\tNairobi\t30\n"
	tests := []struct {
		name, enc string
		in        []byte
		sep       rune
		first     string
	}{
		{"utf-8", EncodingUTF8, []byte(text), ';', "Wanjirũ Müller"},
		{"utf-8 bom", EncodingUTF8, append([]byte{0xEF, 0xBB, 0xBF}, text...), ';', "Wanjirũ Müller"},
		{"utf-16le", EncodingUTF16LE, utf16le, ';', "Wanjirũ Müller"},
		{"utf-16be", EncodingUTF16BE, utf16be, ';', "Wanjirũ Müller"},
		{"windows-1252 tab", EncodingCP1252, []byte(cp), '\t', "José O’Brien"},
		{"comma crlf", EncodingUTF8, []byte("a,b\r\n1,2\r\n"), ',', "1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tab, rows, _ := readAll(t, tc.in)
			if tab.Encoding != tc.enc || tab.Separator != tc.sep {
				t.Errorf("encoding %q separator %q, want %q %q", tab.Encoding, tab.Separator, tc.enc, tc.sep)
			}
			if len(rows) == 0 || rows[0][0] != tc.first {
				t.Errorf("rows %q, want first %q", rows, tc.first)
			}
		})
	}
}

func TestOpenRowNumbersCountBlankRows(t *testing.T) {
	_, rows, lines := readAll(t, []byte("a,b\n1,2\n,\n\n3,4\n"))
	if len(rows) != 2 || lines[0] != 2 || lines[1] != 5 {
		t.Errorf("rows %q lines %v, want rows 2 and 5", rows, lines)
	}
}

func TestOpenLateWindows1252Byte(t *testing.T) {
	// Past the sniffed part, a byte that is not UTF-8 is read as Windows-1252.
	b := append(bytes.Repeat([]byte("a,b\n"), sniffSize/4+10), []byte("O\x92Brien,x\n")...)
	_, rows, _ := readAll(t, b)
	if got := rows[len(rows)-1][0]; got != "O’Brien" {
		t.Errorf("last row %q, want O’Brien", got)
	}
}

func TestOpenRefuses(t *testing.T) {
	for name, in := range map[string]string{
		"empty":            "",
		"blank lines only": "\n\n",
		"duplicate column": "a,b,a\n1,2,3\n",
		"not xlsx":         "PK\x03\x04garbage",
	} {
		if _, err := Open(bytes.NewReader([]byte(in))); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestOpenXLSX(t *testing.T) {
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	sw.SetRow("A1", []any{"Name", "Year"})
	sw.SetRow("A2", []any{"Amina", 2016})
	sw.SetRow("A3", []any{"Baraka", 2017})
	sw.Flush()
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	tab, rows, lines := readAll(t, buf.Bytes())
	if tab.Encoding != EncodingXLSX || !slices.Equal(tab.Header, []string{"Name", "Year"}) {
		t.Fatalf("table %q %q", tab.Encoding, tab.Header)
	}
	if len(rows) != 2 || rows[1][1] != "2017" || lines[1] != 3 {
		t.Errorf("rows %q lines %v", rows, lines)
	}
}

func TestOpenMissingVoicesExcerpt(t *testing.T) {
	b, err := os.ReadFile("testdata/m_voices_excerpt.csv")
	if err != nil {
		t.Fatal(err)
	}
	tab, rows, _ := readAll(t, b)
	if tab.Encoding != EncodingCP1252 {
		t.Errorf("encoding %q, want windows-1252", tab.Encoding)
	}
	if tab.Header[3] != "Province" || tab.Header[12] != "Current status (missing, dead?)" {
		t.Errorf("header not trimmed: %q", tab.Header)
	}
	want, _ := charmap.Windows1252.NewDecoder().Bytes(b)
	if !bytes.Contains(want, []byte("’")) {
		t.Fatal("excerpt lost its Windows-1252 bytes")
	}
	n := 0
	for _, r := range rows {
		for _, v := range r {
			if bytes.Contains([]byte(v), []byte("’")) {
				n++
			}
		}
	}
	if n == 0 || len(rows) != 15 {
		t.Errorf("%d rows, %d cells with ’", len(rows), n)
	}
}

func FuzzDecode(f *testing.F) {
	if b, err := os.ReadFile("testdata/m_voices_excerpt.csv"); err == nil {
		f.Add(b)
	}
	f.Add([]byte("a;b\n\"x\"\"y\";2\n"))
	f.Add([]byte{0xFF, 0xFE, 'a', 0, ',', 0, 'b', 0, '\n', 0})
	f.Add([]byte{0xEF, 0xBB, 0xBF, 'a', '\t', 'b'})
	f.Fuzz(func(t *testing.T, b []byte) {
		tab, err := Open(bytes.NewReader(b))
		if err != nil {
			return
		}
		defer tab.Close()
		for i := 0; i < 10000; i++ {
			row, _, err := tab.Next()
			if err != nil {
				return
			}
			if len(row) > MaxColumns {
				t.Fatalf("row of %d columns passed", len(row))
			}
		}
	})
}
