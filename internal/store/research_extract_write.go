package store

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/csvsafe"
)

// WriteExtractCSV writes an anonymised extract as CSV: the header
// haki.ExtractColumns, then a row per victim kept. Every cell goes
// through csvsafe, though the cells are codes.
func WriteExtractCSV(w io.Writer, res *haki.ExtractResult) error {
	cw := csvsafe.NewWriter(w)
	if err := cw.Write(haki.ExtractColumns); err != nil {
		return fmt.Errorf("write extract: %w", err)
	}
	for row := range res.Rows() {
		if err := cw.Write(row.Record()); err != nil {
			return fmt.Errorf("write extract: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write extract: %w", err)
	}
	return nil
}

// WriteExtractJSON writes an anonymised extract as one JSON object,
// {"note": ..., "rows": [...]}, a row at a time.
func WriteExtractJSON(w io.Writer, res *haki.ExtractResult) error {
	bw := bufio.NewWriter(w)
	note, err := json.Marshal(res.Note)
	if err != nil {
		return fmt.Errorf("write extract: %w", err)
	}
	fmt.Fprintf(bw, `{"note":%s,"rows":[`, note)
	first := true
	for row := range res.Rows() {
		b, err := json.Marshal(row)
		if err != nil {
			return fmt.Errorf("write extract: %w", err)
		}
		if !first {
			bw.WriteByte(',')
		}
		first = false
		bw.Write(b)
	}
	bw.WriteString("]}\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write extract: %w", err)
	}
	return nil
}
