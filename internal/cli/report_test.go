package cli_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/cli"
	"github.com/haki-kenya/haki/internal/config"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/vault"
)

func TestReportCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	if _, errOut, err := run(t, "", "demo", "--data", dir, "--size", "300", "--seed", "5", "--demo-password", "a long demo password", "--no-serve"); err != nil {
		t.Fatalf("demo: %v %s", err, errOut)
	}
	outDir := t.TempDir()
	for _, tc := range []struct {
		args    []string
		wantErr string
	}{
		{[]string{"report", "hospitals", "--from", "2024", "--format", "csv", "--out", "x"}, "unknown report; choose executions, torture, services"},
		{[]string{"report", "executions", "--from", "2024-13-01", "--format", "csv", "--out", "x"}, "--from: Enter a date such as"},
		{[]string{"report", "executions", "--from", "2024", "--format", "doc", "--out", "x"}, "--format must be"},
		{[]string{"report", "executions", "--from", "2024", "--to", "2023", "--format", "csv", "--out", "x"}, "before its start"},
		{[]string{"report", "torture", "--from", "2024", "--county", "Nairobi", "--format", "csv", "--out", "x"}, "--county: A county is a code"},
		{[]string{"report", "torture", "--from", "2024", "--county", "KE-999", "--format", "csv", "--out", "x"}, "--county: There is no county KE-999."},
		{[]string{"report", "executions", "--from", "2024", "--type", "killing", "--format", "csv", "--out", "x"},
			"--type: There is no incident type killing."},
		{[]string{"report", "services", "--from", "2024", "--sex", "robot", "--format", "pdf", "--out", "x"}, "--sex: There is no sex robot."},
		{[]string{"report", "executions", "--year", "2024", "--quarter", "5", "--format", "csv", "--out", "x"}, "--quarter: Choose a quarter from 1 to 4."},
		{[]string{"report", "executions", "--quarter", "2", "--format", "csv", "--out", "x"}, "--from: Enter a date such as"},
	} {
		_, errOut, err := run(t, "", append(tc.args, "--data", dir)...)
		if !errors.Is(err, cli.ErrUsage) || !strings.Contains(errOut, tc.wantErr) {
			t.Errorf("%v: %v %q, want usage with %q", tc.args, err, errOut, tc.wantErr)
		}
	}
	for _, format := range []string{"csv", "xlsx", "pdf", "json"} {
		for _, name := range []string{"executions", "torture"} {
			out := filepath.Join(outDir, name+"."+format)
			stdout, errOut, err := run(t, "", "report", name, "--from", "2024-01-01", "--to", "2024-12-31", "--format", format,
				"--out", out, "--lang", "sw", "--data", dir)
			if err != nil || !strings.Contains(stdout, "Wrote the "+name+" report") {
				t.Fatalf("%s %s: %v %q %q", name, format, err, stdout, errOut)
			}
			b, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			checkExport(t, format, name, b)
		}
	}
	// A year narrowed to a quarter is read as the web and the API read it.
	out := filepath.Join(outDir, "quarter.json")
	if _, errOut, err := run(t, "", "report", "executions", "--year", "2024", "--quarter", "2", "--format", "json", "--out", out,
		"--data", dir); err != nil {
		t.Fatalf("--year --quarter: %v %s", err, errOut)
	}
	if b, err := os.ReadFile(out); err != nil || !bytes.Contains(b, []byte(`"from": "2024-04-01`)) || !bytes.Contains(b, []byte(`"to": "2024-06-30`)) {
		t.Errorf("--year 2024 --quarter 2: %v %.300s", err, b)
	}
	// Every date, with the incidents whose date is unknown (issue 16).
	out = filepath.Join(outDir, "all.json")
	if _, errOut, err := run(t, "", "report", "executions", "--period", "all", "--format", "json", "--out", out, "--data", dir); err != nil {
		t.Fatalf("--period all: %v %s", err, errOut)
	}
	if b, err := os.ReadFile(out); err != nil || !bytes.Contains(b, []byte(`"all_dates": true`)) || !bytes.Contains(b, []byte(`"undated": {`)) ||
		!bytes.Contains(b, []byte(`"by": "year"`)) || !bytes.Contains(b, []byte(`"by": "incident_type"`)) {
		t.Errorf("--period all: %v %.600s", err, b)
	}
	if _, errOut, err := run(t, "", "report", "executions", "--period", "some", "--format", "json", "--out", out, "--data", dir); !errors.Is(err, cli.ErrUsage) ||
		!strings.Contains(errOut, "--period") {
		t.Errorf("--period some: %v %q", err, errOut)
	}
	// Every export is in the audit log.
	cfg := config.Config{DataDir: dir}
	keys, _, err := vault.OpenOrCreate(cfg.KeyPath())
	if err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(context.Background(), cfg.DSN(), keys)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	entries, err := s.FindAuditEntries(haki.SystemContext(context.Background()), haki.AuditFilter{Entity: "report", Action: "export", Limit: 100})
	if err != nil || len(entries) != 10 {
		t.Fatalf("%d export entries, %v; want 10", len(entries), err)
	}
}

func checkExport(t *testing.T, format, name string, b []byte) {
	t.Helper()
	title := map[string]string{"executions": "Mauaji ya kiholela na kutoweshwa kwa nguvu", "torture": "Mateso na unyanyasaji"}[name]
	switch format {
	case "csv":
		r := csv.NewReader(bytes.NewReader(b))
		r.FieldsPerRecord = -1
		rows, err := r.ReadAll()
		if err != nil || rows[0][0] != title || !bytes.Contains(b, []byte("Kwa kaunti")) {
			t.Errorf("csv: %v, first row %q", err, rows[0])
		}
	case "xlsx":
		x, err := excelize.OpenReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		sheets := x.GetSheetList()
		if len(sheets) < 5 {
			t.Errorf("xlsx sheets %q", sheets)
		}
		if sheets[0] != "Muhtasari" { // the runs above are in Kiswahili
			t.Errorf("cover sheet %q", sheets[0])
		}
		if v, _ := x.GetCellValue(sheets[0], "A1"); v != "Muhtasari" { // the header row first: no title above it
			t.Errorf("summary A1 = %q", v)
		}
		if v, _ := x.GetCellValue(sheets[len(sheets)-1], "B2"); sheets[len(sheets)-1] != "Kuhusu" || v != title {
			t.Errorf("about sheet %q B2 = %q, want the title", sheets[len(sheets)-1], v)
		}
		rows, _ := x.GetRows(sheets[1])
		if len(rows) < 3 {
			t.Errorf("sheet %s rows %q", sheets[1], rows)
		}
	case "pdf":
		if !bytes.HasPrefix(b, []byte("%PDF-")) || len(b) < 10000 {
			t.Errorf("pdf: %d bytes starting %q", len(b), b[:min(8, len(b))])
		}
	case "json":
		var v struct {
			Name    string          `json:"name"`
			Victims struct{ N int } `json:"victims"`
			Tables  []struct {
				By   string                   `json:"by"`
				Rows []struct{ Label string } `json:"rows"`
			} `json:"tables"`
		}
		if err := json.Unmarshal(b, &v); err != nil || v.Name != name || v.Victims.N == 0 || len(v.Tables) == 0 || v.Tables[0].Rows[0].Label == "" {
			t.Errorf("json: %v %+v", err, v)
		}
	}
}

// TestReportXLSXInLibreOffice opens a report's workbook in LibreOffice
// (HAKI_SOFFICE; .ci/run installs it) and reads every sheet back as CSV:
// the sheets, the cover's title and period, and each figure must be what
// the workbook holds.
func TestReportXLSXInLibreOffice(t *testing.T) {
	soffice := os.Getenv("HAKI_SOFFICE")
	if soffice == "" {
		t.Skip("HAKI_SOFFICE is not set (the path of LibreOffice's soffice); .ci/run sets it")
	}
	dir := filepath.Join(t.TempDir(), "demo")
	if _, errOut, err := run(t, "", "demo", "--data", dir, "--size", "300", "--seed", "5", "--demo-password", "a long demo password", "--no-serve"); err != nil {
		t.Fatalf("demo: %v %s", err, errOut)
	}
	out := filepath.Join(t.TempDir(), "executions.xlsx")
	if _, errOut, err := run(t, "", "report", "executions", "--from", "2024", "--to", "2024", "--format", "xlsx", "--out", out, "--data", dir); err != nil {
		t.Fatalf("report: %v %s", err, errOut)
	}
	x, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()

	conv := t.TempDir()
	cmd := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.Join(conv, "profile"), "--headless", "--convert-to",
		"csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", "--outdir", conv, out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	sheets := x.GetSheetList()
	for _, sheet := range sheets {
		b, err := os.ReadFile(filepath.Join(conv, "executions-"+sheet+".csv"))
		if err != nil {
			t.Fatalf("LibreOffice did not write sheet %q: %v", sheet, err)
		}
		r := csv.NewReader(bytes.NewReader(b))
		r.FieldsPerRecord = -1
		got, err := r.ReadAll()
		if err != nil {
			t.Fatalf("sheet %q: %v", sheet, err)
		}
		want, err := x.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		cells := 0
		for i, row := range want {
			for j, v := range row {
				if v == "" {
					continue
				}
				cells++
				if i >= len(got) || j >= len(got[i]) || got[i][j] != v {
					t.Errorf("sheet %q row %d column %d: LibreOffice reads %q, the workbook holds %q", sheet, i+1, j+1, cellAt(got, i, j), v)
				}
			}
		}
		if cells < 3 {
			t.Errorf("sheet %q: only %d cells", sheet, cells)
		}
	}
	if len(sheets) < 9 || sheets[0] != "Summary" {
		t.Errorf("sheets %q", sheets)
	}
	if v, _ := x.GetCellValue("About", "B3"); v != "Period: 2024-01-01 to 2024-12-31" {
		t.Errorf("About B3 = %q", v)
	}
}

func cellAt(rows [][]string, i, j int) string {
	if i < len(rows) && j < len(rows[i]) {
		return rows[i][j]
	}
	return "(nothing)"
}
