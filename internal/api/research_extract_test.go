package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/api"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

func TestResearchExtractAPI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		res := w.do(t, "GET", "/api/v1/research-extract?from=2000-01-01&to=2030-12-31&k=5&qi=county,sex,age_band", "researcher", "")
		if res.status != http.StatusOK || !strings.HasPrefix(res.header.Get("Content-Type"), "text/csv") {
			t.Fatalf("researcher: status %d: %s", res.status, res.raw)
		}
		var note haki.ExtractNote
		if err := json.Unmarshal([]byte(res.header.Get(api.ExtractNoteHeader)), &note); err != nil || note.K != 5 || note.RowsIn == 0 {
			t.Fatalf("note %q: %v", res.header.Get(api.ExtractNoteHeader), err)
		}
		if lines := strings.Split(strings.TrimSpace(string(res.raw)), "\n"); lines[0] != strings.Join(haki.ExtractColumns, ",") ||
			len(lines)-1 != note.RowsOut || strings.Contains(string(res.raw), "Juma") || strings.Contains(string(res.raw), "Kilimani") {
			t.Errorf("extract:\n%s", res.raw)
		}
		res = w.do(t, "GET", "/api/v1/research-extract?from=2000-01-01&to=2030-12-31&format=json&strategy=suppress", "datamanager", "")
		var body api.ExtractJSON
		if err := json.Unmarshal(res.raw, &body); res.status != http.StatusOK || err != nil || body.Note.Strategy != "suppress" ||
			len(body.Rows) != body.Note.RowsOut {
			t.Errorf("json: status %d, %v: %s", res.status, err, res.raw)
		}
		for _, tc := range []struct {
			query, role string
			want        int
		}{
			{"from=2000-01-01&to=2030-12-31", "caseworker", http.StatusForbidden},
			{"from=2000-01-01&to=2030-12-31&k=3", "researcher", http.StatusUnprocessableEntity},
			{"from=2000-01-01&to=2030-12-31&qi=name", "researcher", http.StatusUnprocessableEntity},
		} {
			if res := w.do(t, "GET", "/api/v1/research-extract?"+tc.query, tc.role, ""); res.status != tc.want {
				t.Errorf("%s as %s: status %d, want %d", tc.query, tc.role, res.status, tc.want)
			}
		}
		entries, err := s.FindAuditEntries(storetest.As(w.users["admin"]), haki.AuditFilter{Entity: "research_extract", Action: "export"})
		if err != nil || len(entries) != 2 {
			t.Errorf("audit entries: %d, %v", len(entries), err)
		}
	})
}
