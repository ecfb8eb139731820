package pdfdoc

import (
	"bytes"
	"testing"
	"time"
)

func TestDrawingCalls(t *testing.T) {
	var buf bytes.Buffer
	err := Render(&buf, Meta{Title: "figure", At: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}, func(d *Doc) {
		d.AddPage()
		d.KeepStyle(func() {
			d.SetLineWidth(0.5)
			d.SetDrawColor(200, 0, 0)
			d.Line(20, 20, 80, 20)
			d.Polyline([]Point{{20, 30}, {50, 40}, {80, 30}})
			d.Polyline([]Point{{1, 1}}) // too short: nothing
			d.Polygon([]Point{{20, 50}, {80, 50}, {50, 90}}, "FD")
			d.Polygon(nil, "D")
			d.Circle(50, 120, 10, "D")
			d.SetFontSize(7)
			d.TextCentred(50, 121, "12 😀")
		})
		d.CellFormat(0, 6, "after the figure", "", 1, "L", false)
	})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatal("not a PDF")
	}
}
