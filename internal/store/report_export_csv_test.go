package store_test

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// readExport parses an export into its header and rows keyed by ref.
func readExport(t *testing.T, b []byte) ([]string, map[string]map[string]string) {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil || len(recs) == 0 {
		t.Fatalf("export is not CSV: %v\n%s", err, b)
	}
	rows := map[string]map[string]string{}
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		rows[m["ref"]] = m
	}
	return recs[0], rows
}

func TestExportIncidentsCSV(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		defer store.SetExportBatch(2)() // several keyset batches over small data
		w := newWorld(t, s)
		export := func(u *haki.User, f haki.IncidentFilter, o store.ExportOptions) ([]string, map[string]map[string]string, int) {
			t.Helper()
			var buf bytes.Buffer
			n, err := s.ExportIncidentsCSVWith(storetest.As(u), f, &buf, o)
			if err != nil {
				t.Fatal(err)
			}
			h, rows := readExport(t, buf.Bytes())
			if len(rows) != n {
				t.Fatalf("returned %d rows, wrote %d", n, len(rows))
			}
			return h, rows, n
		}

		t.Run("columns, codes only by default", func(t *testing.T) {
			h, rows, n := export(w.dm, haki.IncidentFilter{}, store.ExportOptions{})
			if !slices.Equal(h, store.IncidentCSVColumns) || n != 4 {
				t.Fatalf("header %v, %d rows", h, n)
			}
			r := rows[w.incA.Ref]
			want := map[string]string{"occurred": "2025-03-01", "date_precision": "day", "date_approx": "0", "county_code": "KE-047",
				"county_name": "Nairobi City", "types": "torture", "verification": "unverified", "victim_count": "0", "publishable": "0"}
			for k, v := range want {
				if r[k] != v {
					t.Errorf("%s = %q, want %q", k, r[k], v)
				}
			}
			var buf bytes.Buffer
			s.ExportIncidentsCSV(storetest.As(w.dm), haki.IncidentFilter{}, &buf)
			if strings.Contains(buf.String(), "narrative") || strings.Contains(buf.String(), "Sensitive") {
				t.Error("default export carries free text")
			}
		})

		t.Run("text for roles that see identities", func(t *testing.T) {
			_, rows, _ := export(w.dm, haki.IncidentFilter{}, store.ExportOptions{Text: true})
			if r := rows[w.incA.Ref]; r["title"] != "A" || r["narrative"] != "narrative A" {
				t.Errorf("dm text export: %v", r)
			}
		})

		t.Run("researcher is de-identified", func(t *testing.T) {
			h, rows, n := export(w.res, haki.IncidentFilter{}, store.ExportOptions{Text: true})
			if n != 4 || !slices.Contains(h, "title") {
				t.Fatalf("researcher: %d rows, header %v", n, h)
			}
			for ref, r := range rows {
				for _, c := range store.IncidentCSVTextColumns {
					if r[c] != "" {
						t.Errorf("researcher sees %s of %s: %q", c, ref, r[c])
					}
				}
			}
		})

		t.Run("viewer is refused", func(t *testing.T) {
			var buf bytes.Buffer
			if _, err := s.ExportIncidentsCSV(storetest.As(w.view), haki.IncidentFilter{}, &buf); haki.ErrorCode(err) != haki.EFORBIDDEN {
				t.Errorf("viewer: %v", err)
			}
			if buf.Len() != 0 {
				t.Error("viewer got bytes")
			}
		})

		t.Run("visibility", func(t *testing.T) {
			_, rows, n := export(w.cwA2, haki.IncidentFilter{}, store.ExportOptions{})
			if _, ok := rows[w.incSensitive.Ref]; ok || n != 3 {
				t.Errorf("teammate export: %d rows, sensitive included: %v", n, ok)
			}
			if _, rows, _ := export(w.cwA, haki.IncidentFilter{}, store.ExportOptions{}); rows[w.incSensitive.Ref] == nil {
				t.Error("assigned caseworker misses the sensitive case's incident")
			}
			if _, rows, n := export(w.prof, haki.IncidentFilter{}, store.ExportOptions{}); n != 1 || rows[w.incB.Ref] == nil {
				t.Errorf("professional export: %d rows", n)
			}
			if _, rows, n := export(w.mon, haki.IncidentFilter{}, store.ExportOptions{}); n != 1 || rows[w.incMon.Ref] == nil {
				t.Errorf("monitor export: %d rows", n)
			}
		})

		t.Run("filters", func(t *testing.T) {
			if _, _, n := export(w.dm, haki.IncidentFilter{Year: 2025, Month: 3, CountyCode: "KE-047", Type: "torture", Verification: "unverified"}, store.ExportOptions{}); n != 4 {
				t.Errorf("matching filter: %d rows", n)
			}
			if _, _, n := export(w.dm, haki.IncidentFilter{Year: 2024}, store.ExportOptions{}); n != 0 {
				t.Errorf("other year: %d rows", n)
			}
			if _, _, n := export(w.dm, haki.IncidentFilter{Limit: 1, Cursor: "garbage"}, store.ExportOptions{}); n != 4 {
				t.Errorf("limit and cursor are ignored: %d rows", n)
			}
		})

		t.Run("several types, in the vocabulary's order", func(t *testing.T) {
			inc := &haki.Incident{Title: "Several", Types: []string{"arbitrary_arrest", "torture", "extrajudicial_execution"},
				Occurred: haki.MustFuzzyDate("2023-07-02"), CountyCode: "KE-047", Verification: "unverified"}
			if err := s.CreateIncident(storetest.As(w.dm), inc); err != nil {
				t.Fatal(err)
			}
			_, rows, _ := export(w.dm, haki.IncidentFilter{Year: 2023}, store.ExportOptions{})
			if got := rows[inc.Ref]["types"]; got != "torture;extrajudicial_execution;arbitrary_arrest" {
				t.Errorf("types %q", got)
			}
		})

		t.Run("CSV injection", func(t *testing.T) {
			dm := storetest.As(w.dm)
			inc := &haki.Incident{Title: "=HYPERLINK(\"http://x\")", Types: []string{"torture"}, Occurred: haki.MustFuzzyDate("2024-05"),
				CountyCode: "KE-047", PlaceName: "+254 market", Narrative: "@SUM(A1)", Verification: "unverified"}
			if err := s.CreateIncident(dm, inc); err != nil {
				t.Fatal(err)
			}
			_, rows, _ := export(w.dm, haki.IncidentFilter{Year: 2024}, store.ExportOptions{Text: true})
			r := rows[inc.Ref]
			if r["title"] != "'"+inc.Title || r["place_name"] != "'+254 market" || r["narrative"] != "'@SUM(A1)" {
				t.Errorf("not defused: %q %q %q", r["title"], r["place_name"], r["narrative"])
			}
			if r["occurred"] != "2024-05" || r["date_precision"] != "month" {
				t.Errorf("month precision: %q %q", r["occurred"], r["date_precision"])
			}
		})
	})
}
