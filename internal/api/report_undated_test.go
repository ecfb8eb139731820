package api_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// TestUnknownDatesAPI: an incident whose date is unknown is written and
// read as "unknown", "before 2010" comes back as "<2010"; the report over
// all dates counts them, a report of 2024 says what it left out, and the
// executions report breaks down by year and type.
func TestUnknownDatesAPI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := reportWorld(t, s)
		var ids []string
		for _, date := range []string{"unknown", "before 2010"} {
			res := w.do(t, "POST", "/api/v1/incidents", "admin", `{"title": "Found in the forest", "types": ["extrajudicial_execution"],
				"occurred": "`+date+`", "county_code": "KE-047", "verification": "unverified"}`)
			if res.status != http.StatusCreated {
				t.Fatalf("%s: status %d: %s", date, res.status, res.raw)
			}
			ids = append(ids, res.body["id"].(string))
		}
		for i, want := range []string{"unknown", "<2010"} {
			res := w.do(t, "GET", "/api/v1/incidents/"+ids[i], "admin", "")
			if got := res.body["occurred"]; got != want {
				t.Errorf("read back %v, want %q", got, want)
			}
		}
		ctx := storetest.As(w.users["admin"])
		for _, id := range ids {
			p := &haki.Person{FullName: "Victim", Sex: "female"}
			if err := s.CreatePerson(ctx, p); err != nil {
				t.Fatal(err)
			}
			if err := s.CreateAct(ctx, &haki.Act{IncidentID: id, VictimID: p.ID, ActType: "killing", VictimStatus: "killed"}); err != nil {
				t.Fatal(err)
			}
		}
		if res := w.do(t, "POST", "/api/v1/incidents", "admin", `{"title": "x", "types": ["torture"], "occurred": "before 20",
			"county_code": "KE-047"}`); res.status != http.StatusUnprocessableEntity && res.status != http.StatusBadRequest {
			t.Errorf("a bad bound: status %d", res.status)
		}

		type report struct {
			AllDates  bool         `json:"all_dates"`
			Incidents haki.Count   `json:"incidents"`
			Undated   haki.Undated `json:"undated"`
			Tables    []struct {
				By   string           `json:"by"`
				Rows []haki.ReportRow `json:"rows"`
			} `json:"tables"`
		}
		get := func(q string) report {
			res := w.do(t, "GET", "/api/v1/reports/executions?"+q, "admin", "")
			if res.status != http.StatusOK {
				t.Fatalf("%s: status %d: %s", q, res.status, res.raw)
			}
			var r report
			if err := json.Unmarshal(res.raw, &r); err != nil {
				t.Fatal(err)
			}
			return r
		}
		r := get("period=all")
		if !r.AllDates || r.Incidents.N != 11 || !r.Undated.Counted || r.Undated.Incidents.N != 2 {
			t.Errorf("all dates: %+v", r)
		}
		rows := map[string]map[string]int{}
		for _, tb := range r.Tables {
			rows[tb.By] = map[string]int{}
			for _, row := range tb.Rows {
				rows[tb.By][row.Code] = row.Incidents.N
			}
		}
		if rows["year"]["2024"] != 9 || rows["year"][haki.DateUnknown] != 2 || rows["month"][haki.DateUnknown] != 2 ||
			rows["incident_type"]["extrajudicial_execution"] != 11 {
			t.Errorf("all dates: rows %v", rows)
		}
		r = get("year=2024")
		if r.AllDates || r.Incidents.N != 9 || r.Undated.Counted || r.Undated.Incidents.N != 1 {
			t.Errorf("2024: %+v", r)
		}
		if res := w.do(t, "GET", "/api/v1/reports/executions?period=some", "admin", ""); res.status != http.StatusUnprocessableEntity && res.status != http.StatusBadRequest {
			t.Errorf("period=some: status %d", res.status)
		}
	})
}
