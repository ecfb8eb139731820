package api_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// reportWorld adds three killings in Nairobi in 2024 and six in Mombasa.
func reportWorld(t *testing.T, s *store.Store) *world {
	w := newWorld(t, s)
	ctx := storetest.As(w.users["admin"])
	for i, county := range []string{"KE-047", "KE-047", "KE-047", "KE-001", "KE-001", "KE-001", "KE-001", "KE-001", "KE-001"} {
		inc := &haki.Incident{Title: "Killing", Types: []string{"extrajudicial_execution"}, Occurred: haki.MustFuzzyDate("2024-06-0" + string(rune('1'+i))),
			CountyCode: county, Verification: "unverified"}
		if err := s.CreateIncident(ctx, inc); err != nil {
			t.Fatal(err)
		}
		p := &haki.Person{FullName: "Victim", Sex: "male"}
		if err := s.CreatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateAct(ctx, &haki.Act{IncidentID: inc.ID, VictimID: p.ID, ActType: "killing", VictimStatus: "killed"}); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

func TestReportAPI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := reportWorld(t, s)
		for _, who := range []string{"admin", "viewer"} {
			res := w.do(t, "GET", "/api/v1/reports/executions?from=2024&county=&lang=sw", who, "")
			if res.status != http.StatusOK {
				t.Fatalf("%s: status %d: %s", who, res.status, res.raw)
			}
			var rep struct {
				Name    string `json:"name"`
				Victims struct {
					N          int  `json:"n"`
					Suppressed bool `json:"suppressed"`
				} `json:"victims"`
				Rule   string `json:"counting_rule"`
				Tables []struct {
					By   string `json:"by"`
					Rows []struct {
						Code    string     `json:"code"`
						Label   string     `json:"label"`
						Victims haki.Count `json:"victims"`
					} `json:"rows"`
				} `json:"tables"`
			}
			if err := json.Unmarshal(res.raw, &rep); err != nil {
				t.Fatal(err)
			}
			want := 9 // exact for staff; rounded to a multiple of 5 for viewers
			if who == "viewer" {
				want = 10
			}
			if rep.Name != "executions" || rep.Victims.N != want || rep.Rule == "" || len(rep.Tables) == 0 {
				t.Errorf("%s: %+v", who, rep)
			}
			for _, tb := range rep.Tables {
				if tb.By != haki.ByCounty {
					continue
				}
				for _, row := range tb.Rows {
					if row.Code == "KE-047" {
						if row.Victims.Suppressed != (who == "viewer") || row.Label == "" {
							t.Errorf("%s: Nairobi's 3 victims %+v", who, row)
						}
					}
				}
			}
		}
		for path, ctype := range map[string]string{
			"/api/v1/reports/executions.csv?from=2024":                   "text/csv",
			"/api/v1/reports/executions.xlsx?from=2024":                  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
			"/api/v1/reports/torture?from=2024-01&to=2024-06&format=pdf": "application/pdf", // staff only: not a whole quarter
		} {
			who := "researcher"
			if strings.Contains(path, "to=2024-06") {
				who = "datamanager"
			}
			res := w.do(t, "GET", path, who, "")
			if res.status != http.StatusOK || !strings.HasPrefix(res.header.Get("Content-Type"), ctype) || len(res.raw) < 100 {
				t.Errorf("%s: status %d, type %s", path, res.status, res.header.Get("Content-Type"))
			}
		}
		entries, err := s.FindAuditEntries(storetest.As(w.users["admin"]), haki.AuditFilter{Entity: "report", Action: "export"})
		if err != nil || len(entries) != 5 {
			t.Errorf("got %d export audit entries, want 5: %v", len(entries), err)
		}
		// Researchers and viewers ask for whole months, quarters or years only (report_protect.go).
		for _, path := range []string{"/api/v1/reports/torture?from=2024-01&to=2024-06", "/api/v1/reports/executions.csv?from=2024-03-05&to=2024-12-31",
			"/api/v1/reports/executions?from=2024&age_bands=18,36", "/api/v1/builder?records=victims&from=2024-01&to=2024-02"} {
			for _, who := range []string{"researcher", "viewer"} {
				if res := w.do(t, "GET", path, who, ""); res.status != http.StatusUnprocessableEntity {
					t.Errorf("%s as %s: status %d, want 422", path, who, res.status)
				}
			}
		}
		for path, field := range map[string]string{
			"/api/v1/reports/executions":                           "from",
			"/api/v1/reports/executions?from=2024-02-30":           "from",
			"/api/v1/reports/executions?from=2024&to=2023":         "to",
			"/api/v1/reports/executions.doc?from=2024":             "format",
			"/api/v1/reports/executions?from=2024&sex=Male":        "sex",
			"/api/v1/reports/executions?from=2024&lang=fr":         "lang",
			"/api/v1/reports/executions?from=2024&age_bands=40,20": "age_bands",
		} {
			res := w.do(t, "GET", path, "viewer", "")
			if res.status != http.StatusUnprocessableEntity {
				t.Errorf("%s: status %d, want 422", path, res.status)
				continue
			}
			if _, ok := lookup(res.body, "errors."+field); !ok {
				t.Errorf("%s: no problem with %s: %s", path, field, res.raw)
			}
		}
		if res := w.do(t, "GET", "/api/v1/reports/nothing?from=2024", "viewer", ""); res.status != http.StatusNotFound {
			t.Errorf("unknown report: %d", res.status)
		}
		if res := w.do(t, "GET", "/api/v1/reports", "viewer", ""); res.status != http.StatusOK || !strings.Contains(string(res.raw), `"executions"`) {
			t.Errorf("list: %d %s", res.status, res.raw)
		}
	})
}

// TestCaseworkReportsAPI checks the case-work reports answer through the
// same route as the incident reports, in every format, and that the list
// names them.
func TestCaseworkReportsAPI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := reportWorld(t, s)
		for _, name := range haki.CaseReportNames {
			res := w.do(t, "GET", "/api/v1/reports/"+name+"?from=2024&to=2024", "datamanager", "")
			if res.status != http.StatusOK {
				t.Fatalf("%s: status %d: %s", name, res.status, res.raw)
			}
			var rep struct {
				Name string `json:"name"`
			}
			if err := json.Unmarshal(res.raw, &rep); err != nil || rep.Name != name {
				t.Errorf("%s: %v %+v", name, err, rep)
			}
			if res := w.do(t, "GET", "/api/v1/reports/"+name+".csv?from=2024", "viewer", ""); res.status != http.StatusOK {
				t.Errorf("%s.csv as viewer: %d", name, res.status)
			}
		}
		res := w.do(t, "GET", "/api/v1/reports", "viewer", "")
		for _, name := range haki.CaseReportNames {
			if !bytes.Contains(res.raw, []byte(`"name":"`+name+`"`)) {
				t.Errorf("the report list lacks %s: %s", name, res.raw)
			}
		}
	})
}

// A filter naming an unknown code is refused with the code named, in every
// report, its exports and the builder.
func TestReportUnknownCodesAPI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		for _, tc := range []struct{ path, code string }{
			{"/api/v1/reports/executions?from=2024&type=killing", "killing"},
			{"/api/v1/reports/executions?from=2024&county=KE-999", "KE-999"},
			{"/api/v1/reports/torture.csv?from=2024&county=999", "KE-999"},
			{"/api/v1/reports/torture.pdf?from=2024&sex=robot", "robot"},
			{"/api/v1/reports/executions?from=2024&context=picnic", "picnic"},
			{"/api/v1/reports/executions?from=2024&service=nasa", "nasa"},
			{"/api/v1/reports/executions?from=2024&institution=00000000-0000-4000-8000-000000000000", "00000000-0000-4000-8000-000000000000"},
			{"/api/v1/reports/services?from=2024&type=killing", "killing"},
			{"/api/v1/builder?records=victims&from=2024&type=killing", "killing"},
			{"/api/v1/builder?records=cases&from=2024&status=lost", "lost"},
		} {
			res := w.do(t, "GET", tc.path, "viewer", "")
			if res.status != http.StatusUnprocessableEntity || !strings.Contains(string(res.raw), tc.code) {
				t.Errorf("%s: status %d %s, want 422 naming %s", tc.path, res.status, res.raw, tc.code)
			}
		}
		if res := w.do(t, "GET", "/api/v1/reports/executions?from=2024&type=extrajudicial_execution&county=KE-047", "viewer", ""); res.status != http.StatusOK {
			t.Errorf("known codes: status %d %s", res.status, res.raw)
		}
	})
}

// TestReportPeriodAPI: the API reads a period as the web's report forms and
// the command line do: dates, or a year narrowed to a quarter or a month.
func TestReportPeriodAPI(t *testing.T) {
	w := reportWorld(t, storetest.Open(t))
	for _, tc := range []struct {
		query   string
		status  int
		from    string
		to      string
		problem string
	}{
		{"from=2024-04&to=2024-06", http.StatusOK, "2024-04-01", "2024-06-30", ""},
		{"year=2024&quarter=2", http.StatusOK, "2024-04-01", "2024-06-30", ""},
		{"year=2024&month=6", http.StatusOK, "2024-06-01", "2024-06-30", ""},
		{"year=2024", http.StatusOK, "2024-01-01", "2024-12-31", ""},
		{"year=2024&quarter=5", http.StatusUnprocessableEntity, "", "", "quarter"},
		{"year=2024&quarter=1&month=2", http.StatusUnprocessableEntity, "", "", "month"},
		{"quarter=2", http.StatusUnprocessableEntity, "", "", "from"},
	} {
		res := w.do(t, "GET", "/api/v1/reports/executions?"+tc.query, "admin", "")
		if res.status != tc.status {
			t.Errorf("%s: status %d, want %d: %s", tc.query, res.status, tc.status, res.raw)
			continue
		}
		var body struct {
			From   string            `json:"from"`
			To     string            `json:"to"`
			Errors map[string]string `json:"errors"`
		}
		if err := json.Unmarshal(res.raw, &body); err != nil {
			t.Fatal(err)
		}
		if tc.problem != "" && body.Errors[tc.problem] == "" {
			t.Errorf("%s: no problem on %s: %s", tc.query, tc.problem, res.raw)
		}
		if tc.problem == "" && (!strings.HasPrefix(body.From, tc.from) || !strings.HasPrefix(body.To, tc.to)) {
			t.Errorf("%s: period %s..%s, want %s..%s", tc.query, body.From, body.To, tc.from, tc.to)
		}
	}
}
