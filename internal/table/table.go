// Package table writes a list as CSV, XLSX or JSON, row by row, so that any
// list Haki shows can be taken away in the form its reader needs: CSV for
// scripts, XLSX for a spreadsheet, JSON for a program. The first row given
// is the header. CSV and JSON go out as they are written (Flush); an XLSX
// file can only be finished at the end, so its rows are kept by excelize's
// stream writer (in a temporary file past a few megabytes) until Close.
package table

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/haki-kenya/haki/internal/csvsafe"
	"github.com/xuri/excelize/v2"
)

// The formats, in the order a page offers them.
const (
	CSV  = "csv"
	XLSX = "xlsx"
	JSON = "json"
)

// Formats lists the formats a list can be taken away in.
var Formats = []string{CSV, XLSX, JSON}

// Writer writes a table: the first Write is the header, every later one a
// row of as many cells.
type Writer interface {
	Write(row []string) error
	// Flush sends what is written so far on, where the format allows it.
	Flush() error
	// Close ends the table; nothing is complete before it.
	Close() error
}

// ContentType is the media type of a format's files.
func ContentType(format string) string {
	switch format {
	case XLSX:
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case JSON:
		return "application/json"
	}
	return "text/csv; charset=utf-8"
}

// ErrFormat is returned by New for a format it does not know.
var ErrFormat = errors.New("table: unknown format")

// New returns a writer of format to w; sheet names the XLSX worksheet.
func New(format string, w io.Writer, sheet string) (Writer, error) {
	switch format {
	case CSV:
		return &csvWriter{buf: bufio.NewWriterSize(w, 64<<10)}, nil
	case JSON:
		return &jsonWriter{buf: bufio.NewWriterSize(w, 64<<10)}, nil
	case XLSX:
		return newXLSX(w, sheet)
	}
	return nil, fmt.Errorf("%w %q", ErrFormat, format)
}

// csvWriter writes CSV through csvsafe, so that no cell runs as a formula
// in the reader's spreadsheet.
type csvWriter struct {
	buf *bufio.Writer
	w   *csvsafe.Writer
}

func (c *csvWriter) Write(row []string) error {
	if c.w == nil {
		c.w = csvsafe.NewWriter(c.buf)
	}
	return c.w.Write(row)
}

func (c *csvWriter) Flush() error {
	if c.w != nil {
		c.w.Flush()
		if err := c.w.Error(); err != nil {
			return err
		}
	}
	return c.buf.Flush()
}

func (c *csvWriter) Close() error { return c.Flush() }

// jsonWriter writes an array of objects keyed by the header's names; every
// value is a string, as in the CSV, so that nothing is reinterpreted.
type jsonWriter struct {
	buf    *bufio.Writer
	header []string
	rows   int
}

func (j *jsonWriter) Write(row []string) error {
	if j.header == nil {
		j.header = append([]string{}, row...)
		_, err := j.buf.WriteString("[")
		return err
	}
	if len(row) != len(j.header) {
		return fmt.Errorf("table: a row of %d cells under a header of %d", len(row), len(j.header))
	}
	if j.rows > 0 {
		j.buf.WriteString(",")
	}
	j.buf.WriteString("\n{")
	for i, name := range j.header {
		if i > 0 {
			j.buf.WriteString(",")
		}
		k, _ := json.Marshal(name)
		v, _ := json.Marshal(row[i])
		j.buf.Write(k)
		j.buf.WriteString(":")
		j.buf.Write(v)
	}
	j.rows++
	_, err := j.buf.WriteString("}")
	return err
}

func (j *jsonWriter) Flush() error { return j.buf.Flush() }

func (j *jsonWriter) Close() error {
	if j.header == nil {
		j.buf.WriteString("[")
	}
	j.buf.WriteString("\n]\n")
	return j.buf.Flush()
}

// xlsxWriter writes one worksheet with a bold, frozen header row.
type xlsxWriter struct {
	w      io.Writer
	f      *excelize.File
	sw     *excelize.StreamWriter
	row    int
	bold   int
	values []any
}

func newXLSX(w io.Writer, sheet string) (*xlsxWriter, error) {
	if sheet == "" {
		sheet = "Sheet1"
	}
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		f.Close()
		return nil, err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		f.Close()
		return nil, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		f.Close()
		return nil, err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		f.Close()
		return nil, err
	}
	return &xlsxWriter{w: w, f: f, sw: sw, bold: bold}, nil
}

// maxXLSXRows is a worksheet's limit; a longer list is refused rather than
// cut short without a word.
const maxXLSXRows = 1048576

// ErrTooManyRows says a list does not fit in one worksheet.
var ErrTooManyRows = errors.New("table: more rows than a spreadsheet holds (1,048,576); take CSV or JSON")

func (x *xlsxWriter) Write(row []string) error {
	if x.row >= maxXLSXRows {
		return ErrTooManyRows
	}
	x.row++
	x.values = x.values[:0]
	for _, s := range row {
		if x.row == 1 {
			x.values = append(x.values, excelize.Cell{StyleID: x.bold, Value: s})
			continue
		}
		x.values = append(x.values, cellValue(s))
	}
	cell, err := excelize.CoordinatesToCellName(1, x.row)
	if err != nil {
		return err
	}
	return x.sw.SetRow(cell, x.values)
}

// cellValue keeps a whole number such as a count a number, so that a
// spreadsheet adds it up, and everything else text: a phone number or a
// reference with a leading zero stays as written, and no text becomes a
// formula (excelize writes strings as strings).
func cellValue(s string) any {
	if len(s) > 0 && len(s) < 16 && (s == "0" || s[0] != '0') && (s[0] != '-' || len(s) > 1 && s[1] != '0') {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return n
		}
	}
	return s
}

// Flush does nothing: an XLSX file is only whole at the end.
func (x *xlsxWriter) Flush() error { return nil }

func (x *xlsxWriter) Close() error {
	defer x.f.Close()
	if err := x.sw.Flush(); err != nil {
		return err
	}
	_, err := x.f.WriteTo(x.w)
	return err
}
