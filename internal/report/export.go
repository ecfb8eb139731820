package report

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

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
	if d.EvalNote != "" {
		head = append(head, []string{d.EvalNote})
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
	for _, s := range d.allSections() {
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

// WriteXLSX writes a workbook a reader can take as data: on every sheet
// the header row is the first row and the sheet declares its real size
// (<dimension ref="A1:C12">, which readers in read-only mode trust). The
// summary comes first, then a sheet per breakdown, then "About": the
// title, period, filters, counting rule, organisation, demo marking and
// generation time, which are also the workbook's properties. Counts are
// numbers; hidden ones are text.
func WriteXLSX(w io.Writer, d *Document) error {
	x := excelize.NewFile()
	defer x.Close()
	bold, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	// The first sheet is named for the summary ("Summary", "Muhtasari"): a
	// long title cut to Excel's 31 characters reads badly on the tab.
	used := map[string]bool{}
	first := sheetName(cmp.Or(d.Summary.Caption, d.Title), used)
	if err := x.SetSheetName("Sheet1", first); err != nil {
		return err
	}
	summary := d.Summary
	summary.Headers = slices.Clone(summary.Headers)
	if len(summary.Headers) > 0 && summary.Headers[0] == "" {
		summary.Headers[0] = summary.Caption
	}
	if err := xlsxSheet(x, first, summary, bold, 45, 28); err != nil {
		return err
	}
	for _, s := range d.allSections() {
		name := sheetName(s.Title, used)
		if _, err := x.NewSheet(name); err != nil {
			return err
		}
		if err := xlsxSheet(x, name, s.Table, bold, 40, 16); err != nil {
			return err
		}
	}
	info := d.About()
	about := sheetName(info.Caption, used)
	if _, err := x.NewSheet(about); err != nil {
		return err
	}
	if err := xlsxSheet(x, about, info, bold, 30, 90); err != nil {
		return err
	}
	if err := x.SetDocProps(&excelize.DocProperties{Title: d.Title, Subject: d.Period, Creator: d.Org,
		Description: strings.TrimSpace(d.DemoText + " " + d.Rule), Created: d.GeneratedAt.UTC().Format(time.RFC3339),
		Language: d.labels.Lang}); err != nil {
		return err
	}
	return x.Write(w)
}

// xlsxSheet writes a table on a sheet: its headers in row 1, its rows
// below, and the sheet's dimension to match.
func xlsxSheet(x *excelize.File, sheet string, t chart.Table, bold int, first, rest float64) error {
	cols := len(t.Headers)
	for _, r := range t.Rows {
		cols = max(cols, len(r))
	}
	cols = max(cols, 1)
	for i, h := range t.Headers {
		if err := x.SetCellValue(sheet, cellName(i+1, 1), h); err != nil {
			return err
		}
	}
	if err := x.SetCellStyle(sheet, "A1", cellName(cols, 1), bold); err != nil {
		return err
	}
	for j, r := range t.Rows {
		for i, v := range r {
			var val any = v
			if i > 0 {
				if n, err := strconv.Atoi(strings.ReplaceAll(v, ",", "")); err == nil {
					val = n
				}
			}
			if err := x.SetCellValue(sheet, cellName(i+1, j+2), val); err != nil {
				return err
			}
		}
	}
	if err := x.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	x.SetColWidth(sheet, "A", "A", first)
	if cols > 1 {
		last, _ := excelize.ColumnNumberToName(cols)
		x.SetColWidth(sheet, "B", last, rest)
	}
	return x.SetSheetDimension(sheet, "A1:"+cellName(cols, len(t.Rows)+1))
}

func cellName(col, row int) string {
	n, _ := excelize.CoordinatesToCellName(col, row)
	return n
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
