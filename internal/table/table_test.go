package table

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"testing"

	"github.com/xuri/excelize/v2"
)

var rows = [][]string{
	{"ref", "victim_count", "title", "phone"},
	{"INC-2024-0001", "3", "=HYPERLINK(\"x\")", "0712345678"},
	{"INC-2024-0002", "0", "Ngʼambo, \"quoted\"\nline", "-07"},
}

func write(t *testing.T, format string) []byte {
	t.Helper()
	var b bytes.Buffer
	w, err := New(format, &b, "Incidents")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestCSV(t *testing.T) {
	got, err := csv.NewReader(bytes.NewReader(write(t, CSV))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[1][2] != "'=HYPERLINK(\"x\")" || got[2][2] != rows[2][2] || got[1][3] != "0712345678" {
		t.Errorf("csv: %q", got)
	}
}

func TestJSON(t *testing.T) {
	var got []map[string]string
	if err := json.Unmarshal(write(t, JSON), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0]["title"] != rows[1][2] || got[1]["title"] != rows[2][2] || got[0]["victim_count"] != "3" {
		t.Errorf("json: %v", got)
	}
	var b bytes.Buffer
	w, _ := New(JSON, &b, "")
	w.Write([]string{"a"})
	w.Close()
	if err := json.Unmarshal(b.Bytes(), &got); err != nil || len(got) != 0 {
		t.Errorf("an empty list: %q %v", b.String(), err)
	}
	if err := w.Write([]string{"a", "b"}); err == nil {
		t.Error("a row wider than the header was taken")
	}
}

func TestXLSX(t *testing.T) {
	f, err := excelize.OpenReader(bytes.NewReader(write(t, XLSX)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 1 || got[0] != "Incidents" {
		t.Fatalf("sheets %v", got)
	}
	got, err := f.GetRows("Incidents")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[1][2] != rows[1][2] || got[1][3] != "0712345678" || got[2][3] != "-07" {
		t.Errorf("rows %q", got)
	}
	// A count is a number a spreadsheet adds up; a phone number stays text.
	// (A cell without a type is a number in OOXML.)
	for cell, number := range map[string]bool{"B2": true, "B3": true, "D2": false, "C2": false} {
		typ, err := f.GetCellType("Incidents", cell)
		if isNumber := typ == excelize.CellTypeUnset || typ == excelize.CellTypeNumber; err != nil || isNumber != number {
			t.Errorf("%s: type %v, want a number: %v (%v)", cell, typ, number, err)
		}
	}
	if f, err := f.GetCellFormula("Incidents", "C2"); err != nil || f != "" {
		t.Errorf("C2 became a formula: %q", f)
	}
}

func TestUnknownFormat(t *testing.T) {
	if _, err := New("pdf", &bytes.Buffer{}, ""); !errors.Is(err, ErrFormat) {
		t.Errorf("pdf: %v", err)
	}
}
