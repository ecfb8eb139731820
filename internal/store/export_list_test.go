package store_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
	"github.com/xuri/excelize/v2"
)

// TestExportLists: the person and case lists and the incidents go out in
// CSV, XLSX and JSON with what the caller's list shows them and nothing
// more, each export audited with its format and rows.
func TestExportLists(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		jsonRows := func(t *testing.T, b []byte) []map[string]string {
			t.Helper()
			var rows []map[string]string
			if err := json.Unmarshal(b, &rows); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, b)
			}
			return rows
		}

		t.Run("persons in JSON, names for the data manager", func(t *testing.T) {
			var buf bytes.Buffer
			n, err := s.ExportPersons(storetest.As(w.dm), haki.PersonFilter{CountyCode: "KE-047"}, "json", &buf)
			if err != nil {
				t.Fatal(err)
			}
			rows := jsonRows(t, buf.Bytes())
			if len(rows) != n || n < 3 {
				t.Fatalf("%d rows, returned %d", len(rows), n)
			}
			names := map[string]bool{}
			for _, r := range rows {
				names[r["full_name"]] = true
				if _, ok := r["national_id"]; ok {
					t.Fatal("a list export carries ID numbers")
				}
			}
			if !names["Client A"] || !names["Client B"] {
				t.Errorf("names %v", names)
			}
		})

		t.Run("cases in XLSX, only the caseworker's own", func(t *testing.T) {
			var buf bytes.Buffer
			n, err := s.ExportCases(storetest.As(w.cwB), haki.CaseFilter{}, "xlsx", &buf)
			if err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenReader(&buf)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rows, _ := f.GetRows("Cases")
			if len(rows) != n+1 || rows[0][0] != "ref" {
				t.Fatalf("rows %q, returned %d", rows, n)
			}
			for _, r := range rows[1:] {
				if r[0] == w.caseA.Ref {
					t.Errorf("team B's caseworker exported team A's case %s", r[0])
				}
			}
		})

		t.Run("incidents in JSON, codes only", func(t *testing.T) {
			var buf bytes.Buffer
			n, err := s.ExportIncidents(storetest.As(w.res), haki.IncidentFilter{}, "json", &buf, store.ExportOptions{})
			if err != nil {
				t.Fatal(err)
			}
			rows := jsonRows(t, buf.Bytes())
			if len(rows) != n || n == 0 || rows[0]["county_code"] == "" {
				t.Fatalf("%d rows, returned %d: %v", len(rows), n, rows)
			}
			if strings.Contains(buf.String(), "narrative") {
				t.Error("the default export carries free text")
			}
		})

		t.Run("a role without the list gets nothing", func(t *testing.T) {
			var buf bytes.Buffer
			if _, err := s.ExportPersons(storetest.As(w.res), haki.PersonFilter{}, "csv", &buf); haki.ErrorCode(err) != haki.EFORBIDDEN || buf.Len() > 0 {
				t.Errorf("researcher: %v, %d bytes", err, buf.Len())
			}
		})

		t.Run("an unknown format is refused before anything is written", func(t *testing.T) {
			var buf bytes.Buffer
			if _, err := s.ExportCases(storetest.As(w.dm), haki.CaseFilter{}, "pdf", &buf); haki.ErrorCode(err) != haki.EINVALID || buf.Len() > 0 {
				t.Errorf("pdf: %v", err)
			}
		})

		t.Run("audited with format and rows", func(t *testing.T) {
			entries, err := s.FindAuditEntries(storetest.As(w.admin), haki.AuditFilter{Action: "export", Entity: "case"})
			if err != nil {
				t.Fatal(err)
			}
			if len(entries) == 0 || !strings.Contains(entries[0].After, `"format":"xlsx"`) {
				t.Fatalf("no xlsx export entry: %+v", entries)
			}
		})
	})
}
