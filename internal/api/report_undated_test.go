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

// TestVictimGroupsAPI: a group of 30 written, read, counted as 30 victims
// by sex and age band, and one member replaced by a named person without
// changing the total.
func TestVictimGroupsAPI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := reportWorld(t, s)
		ctx := storetest.As(w.users["admin"])
		inc := &haki.Incident{Title: "Protest", Types: []string{"extrajudicial_execution"}, Occurred: haki.MustFuzzyDate("2024-07-07"),
			CountyCode: "KE-047", Verification: "unverified"}
		if err := s.CreateIncident(ctx, inc); err != nil {
			t.Fatal(err)
		}
		w.ids["inc"] = inc.ID
		res := w.do(t, "POST", "/api/v1/victim-groups", "admin", `{"incident_id": "{inc}", "count": 30, "approx": true, "sex": "male",
			"age_band": "18-34", "description": "protesters", "act_type": "killing", "victim_status": "killed"}`)
		if res.status != http.StatusCreated {
			t.Fatalf("create: status %d: %s", res.status, res.raw)
		}
		w.ids["group"] = res.body["id"].(string)
		if res := w.do(t, "POST", "/api/v1/victim-groups", "admin", `{"incident_id": "{inc}", "count": 0, "act_type": "killing", "victim_status": "killed"}`); res.status != http.StatusUnprocessableEntity {
			t.Errorf("count 0: status %d", res.status)
		}
		if res := w.do(t, "POST", "/api/v1/victim-groups", "viewer", `{"incident_id": "{inc}", "count": 3, "act_type": "killing", "victim_status": "killed"}`); res.status != http.StatusForbidden {
			t.Errorf("viewer writes: status %d", res.status)
		}
		list := w.do(t, "GET", "/api/v1/incidents/{inc}/victim-groups", "admin", "")
		if list.status != http.StatusOK || len(list.body["items"].([]any)) != 1 {
			t.Fatalf("list: %d %s", list.status, list.raw)
		}
		victims := func(q string) (total int, rows map[string]map[string]int) {
			res := w.do(t, "GET", "/api/v1/reports/executions?"+q, "admin", "")
			var r struct {
				Victims haki.Count `json:"victims"`
				Tables  []struct {
					By   string           `json:"by"`
					Rows []haki.ReportRow `json:"rows"`
				} `json:"tables"`
			}
			if err := json.Unmarshal(res.raw, &r); err != nil {
				t.Fatal(err)
			}
			rows = map[string]map[string]int{}
			for _, tb := range r.Tables {
				rows[tb.By] = map[string]int{}
				for _, row := range tb.Rows {
					rows[tb.By][row.Code] = row.Victims.N
				}
			}
			return r.Victims.N, rows
		}
		total, rows := victims("year=2024")
		if total != 39 || rows["sex"]["male"] != 39 || rows["age_band"]["18-34"] != 30 {
			t.Errorf("with the group: %d victims, %v", total, rows["age_band"])
		}
		p := &haki.Person{FullName: "Named later", Sex: "male"}
		if err := s.CreatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
		w.ids["p"] = p.ID
		res = w.do(t, "POST", "/api/v1/victim-groups/{group}/replace", "admin", `{"person_id": "{p}", "version": 1}`)
		if res.status != http.StatusCreated || res.body["victim_id"] != p.ID {
			t.Fatalf("replace: status %d: %s", res.status, res.raw)
		}
		if res := w.do(t, "GET", "/api/v1/victim-groups/{group}", "admin", ""); res.body["count"] != float64(29) {
			t.Errorf("after replace: %s", res.raw)
		}
		if total2, _ := victims("year=2024"); total2 != total {
			t.Errorf("after replace: %d victims, want %d", total2, total)
		}
	})
}
