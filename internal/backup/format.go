package backup

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"
)

// Inside the encryption, gzip; inside gzip, one record a line:
//
//	{"haki_backup": 1, "dialect": "sqlite", ...}         first
//	{"table": "persons", "columns": ["id", ...]}         then its rows, one JSON array a line:
//	["0199...", null, 3, {"f": "1.5"}, "text", ...]     null, integer, {"f"} float, string, {"b"} bytes, {"t"} time, bool
//	{"file": "ab/cd.bin", "size": 123, "sha256": "..."}  then exactly size raw bytes and a newline
//	{"end": true, "tables": 30, "rows": 12345, "files": 2}
//
// Tables come parents first, schema_migrations first of all; files after
// the tables.

// record is any line but a row.
type record struct {
	Backup  int       `json:"haki_backup,omitempty"`
	Dialect string    `json:"dialect,omitempty"`
	Version string    `json:"version,omitempty"`
	Created time.Time `json:"created,omitzero"`

	Table   string   `json:"table,omitempty"`
	Columns []string `json:"columns,omitempty"`

	File   string `json:"file,omitempty"`
	Size   int64  `json:"size,omitempty"`
	SHA256 string `json:"sha256,omitempty"`

	End    bool `json:"end,omitempty"`
	Tables int  `json:"tables,omitempty"`
	Rows   int  `json:"rows,omitempty"`
	Files  int  `json:"files,omitempty"`
}

// encodeRow appends a row as a JSON array line.
func encodeRow(b *bytes.Buffer, row []any) error {
	vals := make([]any, len(row))
	for i, v := range row {
		switch x := v.(type) {
		case nil, string, int64, bool:
			vals[i] = x
		case int:
			vals[i] = int64(x)
		case int32:
			vals[i] = int64(x)
		case float64:
			vals[i] = map[string]string{"f": strconv.FormatFloat(x, 'g', -1, 64)}
		case []byte:
			vals[i] = map[string]string{"b": base64.StdEncoding.EncodeToString(x)}
		case time.Time:
			vals[i] = map[string]string{"t": x.Format(time.RFC3339Nano)}
		default:
			return fmt.Errorf("backup: a value of type %T", v)
		}
	}
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	return enc.Encode(vals) // adds the newline
}

// decodeRow reads a row line back into the values encodeRow was given.
func decodeRow(line []byte) ([]any, error) {
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	var raw []any
	if err := dec.Decode(&raw); err != nil {
		return nil, err
	}
	for i, v := range raw {
		switch x := v.(type) {
		case json.Number:
			n, err := x.Int64()
			if err != nil {
				return nil, err
			}
			raw[i] = n
		case map[string]any:
			var err error
			if raw[i], err = decodeTagged(x); err != nil {
				return nil, err
			}
		}
	}
	return raw, nil
}

func decodeTagged(m map[string]any) (any, error) {
	if s, ok := m["f"].(string); ok {
		return strconv.ParseFloat(s, 64)
	}
	if s, ok := m["b"].(string); ok {
		return base64.StdEncoding.DecodeString(s)
	}
	if s, ok := m["t"].(string); ok {
		return time.Parse(time.RFC3339Nano, s)
	}
	return nil, errors.New("an unknown tagged value")
}

// lineReader reads the records of the plaintext stream.
type lineReader struct{ r *bufio.Reader }

// next returns the next line: a row (isRow) or a record.
func (lr lineReader) next() (line []byte, isRow bool, rec record, err error) {
	line, err = lr.r.ReadBytes('\n')
	if err == io.EOF && len(line) == 0 {
		return nil, false, rec, io.ErrUnexpectedEOF // the end record is missing
	} else if err != nil && err != io.EOF {
		return nil, false, rec, err
	}
	if len(line) > 0 && line[0] == '[' {
		return line, true, rec, nil
	}
	if err := json.Unmarshal(line, &rec); err != nil {
		return nil, false, rec, fmt.Errorf("a malformed record: %w", err)
	}
	return line, false, rec, nil
}
