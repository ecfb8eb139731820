package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/haki-kenya/haki"
)

// TestExportsCarryOutcomeCounts checks that the summary of every export
// carries the perpetrators by recorded outcome beside the court figures,
// a hidden count as "fewer than".
func TestExportsCarryOutcomeCounts(t *testing.T) {
	f := haki.ReportFilter{From: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)}
	r := &haki.Report{Name: haki.ReportExecutions, Filter: f, GeneratedAt: time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC),
		Victims: haki.Count{N: 40}, Incidents: haki.Count{N: 30}, Accountability: &haki.Accountability{Available: true}}
	for _, k := range haki.OutcomeKinds {
		r.Accountability.Outcomes = append(r.Accountability.Outcomes, haki.OutcomeCount{Kind: k})
	}
	r.Accountability.Outcomes[0].Perpetrators = haki.Count{N: 23} // arrested
	r.Accountability.Outcomes[2].Perpetrators = haki.Count{N: 3}  // convicted
	r.Protect(5)
	d := Build(r, labelsReturning("x"))

	var buf bytes.Buffer
	if err := WriteCSV(&buf, d); err != nil {
		t.Fatal(err)
	}
	csv := buf.String()
	for _, want := range []string{"report.outcome.arrested,25", "report.outcome.convicted,report.fewer_than5", "report.outcome.case_withdrawn,0",
		"report.officers_charged"} {
		if !strings.Contains(csv, want) {
			t.Errorf("CSV lacks %q:\n%s", want, csv)
		}
	}
	buf.Reset()
	if err := WriteXLSX(&buf, d); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := x.GetRows(x.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, row := range rows {
		if len(row) > 1 && row[0] == "report.outcome.arrested" && row[1] == "25" {
			found = true
		}
	}
	if !found {
		t.Errorf("the workbook's summary lacks the arrested: %q", rows)
	}
	buf.Reset()
	if err := WritePDF(&buf, d); err != nil || !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatalf("PDF: %v", err)
	}
}
