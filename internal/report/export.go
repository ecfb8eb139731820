package report

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/chart"
	"github.com/haki-kenya/haki/internal/csvsafe"
)

// Formats lists the export formats.
var Formats = []string{"csv", "xlsx", "pdf", "json"}

// Write exports the document in format, one of Formats.
func Write(w io.Writer, format string, r *haki.Report, d *Document) error {
	switch format {
	case "csv":
		return WriteCSV(w, d)
	case "xlsx":
		return WriteXLSX(w, d)
	case "pdf":
		return WritePDF(w, d)
	case "json":
		return WriteJSON(w, r, d)
	}
	return fmt.Errorf("report: unknown format %q", format)
}

// WriteCSV writes the document as one CSV file: the heading lines, then
// each table after a blank line, its caption first. Rows go out as they
// are written, so memory does not grow with the report.
func WriteCSV(w io.Writer, d *Document) error {
	cw := csvsafe.NewWriter(w)
	head := [][]string{{d.Title}, {d.Period}}
	for _, f := range d.Filters {
		head = append(head, []string{f[0], f[1]})
	}
	head = append(head, []string{d.Rule}, []string{d.Generated})
	if d.Suppression != "" {
		head = append(head, []string{d.Suppression})
	}
	for _, row := range head {
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	for _, t := range d.tables() {
		if err := writeCSVTable(cw, t); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func writeCSVTable(cw *csvsafe.Writer, t chart.Table) error {
	for _, row := range append([][]string{{}, {t.Caption}, t.Headers}, t.Rows...) {
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// tables returns the summary and every section's table.
func (d *Document) tables() []chart.Table {
	out := []chart.Table{d.Summary}
	for _, s := range d.Sections {
		out = append(out, s.Table)
	}
	return out
}

// WriteJSON writes the report's figures with their labels and the
// document's heading.
func WriteJSON(w io.Writer, r *haki.Report, d *Document) error {
	if r.Figures != nil { // the case-work reports (figures.go)
		return writeFiguresJSON(w, r, d)
	}
	type section struct {
		haki.ReportTable
		Title string `json:"title"`
	}
	out := struct {
		*haki.Report
		Title       string      `json:"title"`
		Period      string      `json:"period"`
		From        string      `json:"from"`
		To          string      `json:"to"`
		Filters     [][2]string `json:"filters"`
		Rule        string      `json:"counting_rule"`
		Suppression string      `json:"suppression,omitempty"`
		Tables      []section   `json:"tables"`
	}{Report: r, Title: d.Title, Period: d.Period, From: r.Filter.From.Format("2006-01-02"), To: r.Filter.To.Format("2006-01-02"),
		Filters: d.Filters, Rule: d.Rule, Suppression: d.Suppression}
	for i, t := range r.Tables {
		rows := make([]haki.ReportRow, len(t.Rows))
		copy(rows, t.Rows)
		for j := range rows {
			rows[j].Label = d.Sections[i].Names[j]
		}
		t.Rows = rows
		out.Tables = append(out.Tables, section{ReportTable: t, Title: d.Sections[i].Title})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// WriteXLSX writes a workbook: a cover sheet with the title, period,
// filters, counting rule, generation time and summary, then a sheet per
// breakdown. Counts are numbers; hidden ones are text.
func WriteXLSX(w io.Writer, d *Document) error {
	x := excelize.NewFile()
	defer x.Close()
	bold, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	title, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	if err != nil {
		return err
	}
	// The cover is named for its summary ("Summary", "Muhtasari"): a long
	// title cut to Excel's 31 characters reads badly on the tab.
	cover := sheetName(cmp.Or(d.Summary.Caption, d.Title), nil)
	if err := x.SetSheetName("Sheet1", cover); err != nil {
		return err
	}
	row := 1
	put := func(sheet string, cells ...any) error {
		for i, v := range cells {
			name, _ := excelize.CoordinatesToCellName(i+1, row)
			if err := x.SetCellValue(sheet, name, v); err != nil {
				return err
			}
		}
		row++
		return nil
	}
	lines := [][]any{{d.Title}, {d.Period}}
	for _, f := range d.Filters {
		lines = append(lines, []any{f[0], f[1]})
	}
	lines = append(lines, []any{d.Rule}, []any{d.Generated})
	if d.Suppression != "" {
		lines = append(lines, []any{d.Suppression})
	}
	for _, l := range lines {
		if err := put(cover, l...); err != nil {
			return err
		}
	}
	x.SetCellStyle(cover, "A1", "A1", title)
	row++
	if err := xlsxTable(x, cover, &row, d.Summary, bold); err != nil {
		return err
	}
	x.SetColWidth(cover, "A", "A", 45)
	x.SetColWidth(cover, "B", "C", 28)
	used := map[string]bool{cover: true}
	for _, s := range d.Sections {
		name := sheetName(s.Title, used)
		if _, err := x.NewSheet(name); err != nil {
			return err
		}
		row = 1
		if s.Note != "" {
			put(name, s.Note)
		}
		if err := xlsxTable(x, name, &row, s.Table, bold); err != nil {
			return err
		}
		x.SetColWidth(name, "A", "A", 40)
		x.SetColWidth(name, "B", "C", 16)
	}
	return x.Write(w)
}

// xlsxTable writes a table's caption, headers and rows from *row on.
func xlsxTable(x *excelize.File, sheet string, row *int, t chart.Table, bold int) error {
	cell := func(c int) string { n, _ := excelize.CoordinatesToCellName(c, *row); return n }
	if err := x.SetCellValue(sheet, cell(1), t.Caption); err != nil {
		return err
	}
	x.SetCellStyle(sheet, cell(1), cell(1), bold)
	*row++
	for i, h := range t.Headers {
		x.SetCellValue(sheet, cell(i+1), h)
	}
	x.SetCellStyle(sheet, cell(1), cell(len(t.Headers)), bold)
	*row++
	for _, r := range t.Rows {
		for i, v := range r {
			var val any = v
			if i > 0 {
				if n, err := strconv.Atoi(strings.ReplaceAll(v, ",", "")); err == nil {
					val = n
				}
			}
			if err := x.SetCellValue(sheet, cell(i+1), val); err != nil {
				return err
			}
		}
		*row++
	}
	return nil
}

// sheetName makes a title fit Excel's rules: at most 31 characters, none
// of []:*?/\, unique in the workbook.
func sheetName(title string, used map[string]bool) string {
	name := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '-'
		}
		return r
	}, title)
	if rs := []rune(name); len(rs) > 31 {
		name = string(rs[:31])
	}
	base := []rune(name)
	for i := 2; used[name]; i++ {
		suffix := " " + strconv.Itoa(i)
		name = string(base[:min(len(base), 31-len(suffix))]) + suffix
	}
	if used != nil {
		used[name] = true
	}
	return name
}
