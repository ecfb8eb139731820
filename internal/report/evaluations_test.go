package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/haki-kenya/haki"
)

// evalReport is a torture report with evaluation figures, one of its
// levels hidden.
func evalReport() *haki.Report {
	f := haki.ReportFilter{From: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC),
		CountyCode: "KE-047", Sex: "female", Bands: haki.DefaultAgeBands()}
	e := &haki.EvaluationFigures{Notes: haki.EvalNotes(f), Evaluations: haki.Count{N: 6}, Findings: haki.Count{N: 12},
		Tables: haki.NewEvaluationTables()}
	e.Table(haki.EvalByKind).AddTo("both", 0, 6)
	e.Table(haki.EvalByLevel).AddTo("highly_consistent", 0, 5)
	e.Table(haki.EvalByLevel).AddTo("consistent", 0, 1)
	e.Table(haki.EvalByOpinion).AddTo("consistent", 0, 12)
	e.Table(haki.EvalByMethod).AddTo("beating", 1, 11)
	e.Table(haki.EvalByMethod).AddTo(haki.EvalMethodOther, 1, 1)
	e.Table(haki.EvalByCounty).AddTo("KE-047", 0, 6)
	e.Table(haki.EvalByService).AddTo("kps", 0, 6)
	r := &haki.Report{Name: haki.ReportTorture, Filter: f, GeneratedAt: time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC),
		Victims: haki.Count{N: 20}, Incidents: haki.Count{N: 8}, Evaluations: e}
	r.Protect(5)
	return r
}

// The exports carry the evaluation tables after the breakdowns: their
// titles, labels, the hidden cells as "fewer than", and the note on what
// they count.
func TestExportsCarryEvaluations(t *testing.T) {
	r := evalReport()
	d := Build(r, labelsReturning("Nairobi"))
	if len(d.Evaluations) != 6 || !strings.Contains(d.EvalNote, haki.EvalNoteIgnored) {
		t.Fatalf("evaluations laid out: %d sections, note %q", len(d.Evaluations), d.EvalNote)
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, d); err != nil {
		t.Fatal(err)
	}
	csv := buf.String()
	for _, want := range []string{"report.figby.eval_method", "report.eval.level.highly_consistent", "report.eval.method_other",
		"report.fig.level_consistent", "report.eval.evaluations", "report.fewer_than5", haki.EvalNoteCounted} {
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
	if n := len(x.GetSheetList()); n != 1+6+1 { // summary, evaluation tables, about
		t.Errorf("workbook sheets: %v", x.GetSheetList())
	}
	buf.Reset()
	if err := WritePDF(&buf, d); err != nil || !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatalf("PDF: %v", err)
	}
	for _, label := range hostileLabels {
		if err := WritePDF(&buf, Build(evalReport(), labelsReturning(label))); err != nil {
			t.Fatalf("PDF with label %q: %v", label[:min(len(label), 30)], err)
		}
	}
}
