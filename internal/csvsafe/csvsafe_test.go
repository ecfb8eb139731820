package csvsafe

import (
	"bytes"
	"encoding/csv"
	"testing"
)

func TestCell(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"Nairobi City", "Nairobi City"},
		{`=HYPERLINK("http://x","click")`, `'=HYPERLINK("http://x","click")`},
		{"+254 700 000 111", "'+254 700 000 111"},
		{"-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"},
		{"@SUM(A1:A9)", "'@SUM(A1:A9)"},
		{"\t=1+1", "'\t=1+1"},
		{"\r=1", "'\r=1"},
		{"\n=1", "'\n=1"},
		{"   =1+1", "'   =1+1"},
		{"\u00a0=1", "'\u00a0=1"},
		{"＝1+1", "'＝1+1"},
		{"-", "'-"},
		{"-1.2921", "-1.2921"},
		{"36.8219", "36.8219"},
		{"1,234", "1,234"},
		{"-12.5%", "-12.5%"},
		{"+12.5%", "+12.5%"},
		{"+-1", "'+-1"},
		{"2024-05-01", "2024-05-01"},
		{"<5", "<5"},
		{"a=b", "a=b"},
	} {
		if got := Cell(tc.in); got != tc.want {
			t.Errorf("Cell(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestWriterEscapesEveryCell(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf)
	rec := []string{"=1+1", "ok", "-3"}
	if err := w.Write(rec); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	if rec[0] != "=1+1" {
		t.Fatalf("Write changed the caller's record: %q", rec)
	}
	got, err := csv.NewReader(&buf).Read()
	if err != nil {
		t.Fatal(err)
	}
	if got[0] != "'=1+1" || got[1] != "ok" || got[2] != "-3" {
		t.Fatalf("got %q", got)
	}
}
