// Package csvsafe is the one way Haki writes CSV: every cell that a
// spreadsheet would read as a formula (=HYPERLINK(...), +cmd, @SUM, a
// leading tab...) is defused with a leading apostrophe, so a label or
// narrative someone typed can never run in the reader's spreadsheet.
package csvsafe

import (
	"encoding/csv"
	"io"
	"strings"
)

// Cell returns s as a CSV cell a spreadsheet shows as text: a cell whose
// first character, or first after spaces and line breaks, is = + - or @,
// or that starts with a tab, carriage return or line feed, gets a
// leading apostrophe. A plain number such as -1.2921 is left as it is.
func Cell(s string) string {
	if s == "" || plainNumber(s) {
		return s
	}
	if strings.ContainsRune("\t\r\n", rune(s[0])) {
		return "'" + s
	}
	if t := strings.TrimLeft(s, " \t\r\n\u00a0\u3000"); t != "" && strings.ContainsRune("=+-@", rune(t[0])) {
		return "'" + s
	}
	// Full-width signs are read as formulas by some spreadsheets.
	if t := strings.TrimLeft(s, " "); strings.HasPrefix(t, "＝") || strings.HasPrefix(t, "＋") || strings.HasPrefix(t, "－") || strings.HasPrefix(t, "＠") {
		return "'" + s
	}
	return s
}

// plainNumber reports whether s is a number as Haki writes one: an
// optional sign, digits with thousands commas, at most one point, and
// an optional percent sign at the end.
func plainNumber(s string) bool {
	s = strings.TrimSuffix(strings.TrimLeft(s[:min(len(s), 1)], "+-")+s[min(len(s), 1):], "%")
	digits, point := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == ',' && digits > 0 && !point:
		case c == '.' && !point:
			point = true
		default:
			return false
		}
	}
	return digits > 0
}

// Writer is a csv.Writer whose Write passes every cell through Cell.
type Writer struct {
	w   *csv.Writer
	rec []string
}

// NewWriter returns a Writer writing to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: csv.NewWriter(w)} }

// Write writes one record, each cell through Cell; rec is not changed.
func (w *Writer) Write(rec []string) error {
	w.rec = w.rec[:0]
	for _, c := range rec {
		w.rec = append(w.rec, Cell(c))
	}
	return w.w.Write(w.rec)
}

// Flush writes any buffered data to the underlying writer.
func (w *Writer) Flush() { w.w.Flush() }

// Error reports an error of a previous Write or Flush.
func (w *Writer) Error() error { return w.w.Error() }
