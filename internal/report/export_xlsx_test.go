package report

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// sheetXML is the part of a worksheet's XML a reader in read-only mode
// trusts: its declared size, and its cells.
type sheetXML struct {
	Dimension struct {
		Ref string `xml:"ref,attr"`
	} `xml:"dimension"`
	Rows []struct {
		R     int `xml:"r,attr"`
		Cells []struct {
			R string `xml:"r,attr"`
		} `xml:"c"`
	} `xml:"sheetData>row"`
}

// Every sheet declares its real size, and its first row is its header
// row; the title, period, filters and the rest are on the About sheet and
// in the workbook's properties.
func TestWriteXLSXSheetsAreTables(t *testing.T) {
	r := hostileReports("Kayole")[0]
	l := labelsReturning("Kayole")
	l.Org, l.Demo = "Haki Kenya", true
	d := Build(r, l)
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, d); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	sheets := 0
	for _, f := range zr.File {
		if !strings.HasPrefix(f.Name, "xl/worksheets/sheet") {
			continue
		}
		sheets++
		rc, _ := f.Open()
		raw, _ := io.ReadAll(rc)
		rc.Close()
		var sx sheetXML
		if err := xml.Unmarshal(raw, &sx); err != nil {
			t.Fatal(err)
		}
		maxCol, maxRow := 0, 0
		for _, row := range sx.Rows {
			for _, c := range row.Cells {
				col, rn, _ := excelize.CellNameToCoordinates(c.R)
				maxCol, maxRow = max(maxCol, col), max(maxRow, rn)
			}
		}
		want, _ := excelize.CoordinatesToCellName(maxCol, maxRow)
		if sx.Dimension.Ref != "A1:"+want {
			t.Errorf("%s declares %q, holds A1:%s", f.Name, sx.Dimension.Ref, want)
		}
	}
	if sheets != 2+len(d.Sections) {
		t.Errorf("%d sheets, want summary, %d breakdowns and About", sheets, len(d.Sections))
	}
	x, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	list := x.GetSheetList()
	for i, name := range list[:len(list)-1] {
		rows, _ := x.GetRows(name)
		var headers []string
		if i == 0 {
			headers = append([]string{d.Summary.Caption}, d.Summary.Headers[1:]...)
		} else {
			headers = d.Sections[i-1].Table.Headers
		}
		if len(rows) == 0 || strings.Join(rows[0], "|") != strings.Join(headers, "|") {
			t.Errorf("sheet %q starts with %q, want its headers %q", name, rows[0], headers)
		}
	}
	about, _ := x.GetRows(list[len(list)-1])
	text := ""
	for _, row := range about {
		text += strings.Join(row, "|") + "\n"
	}
	for _, want := range []string{d.Title, d.Period, d.Rule, d.Generated, "Haki Kenya", "report.org_demo"} {
		if !strings.Contains(text, want) {
			t.Errorf("the About sheet lacks %q:\n%s", want, text)
		}
	}
	props, err := x.GetDocProps()
	if err != nil || props.Title != d.Title || props.Creator != "Haki Kenya" {
		t.Errorf("properties %+v, %v", props, err)
	}
}
