package store_test

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/gazetteer"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// missingVoicesFile is the Missing Voices list of police killings and
// enforced disappearances in Kenya, 1995–2018 (../shared/data, see its
// SOURCE.md). It names real people: this test never prints a row.
func missingVoicesFile(t *testing.T) string {
	dir := os.Getenv("HAKI_SHARED_DATA")
	if dir == "" {
		dir = "../../../shared/data"
	}
	path := filepath.Join(dir, "kenya-missing-voices", "m_voices.utf8.csv")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("real data absent (%v); it lives in ../shared/data beside the repository (.ci/run sets HAKI_SHARED_DATA)", err)
	}
	return path
}

// mvRow is one victim of the list as imported: one incident each.
type mvRow struct {
	name, sex, county, month string // month "2015-08", or "unknown" when only the year is known
	occurred                 haki.FuzzyDate
	missing                  bool
	age                      *int
}

// readMissingVoices imports the list the way a data manager would: the
// county from the "Province" column (a county name, sometimes with a
// place after it), the date from Year and "Month/ Date" (day and month, a
// month alone, or nothing usable: the year only), dead as killed and
// missing as disappeared. Rows with no year, no recognisable county or no
// status cannot be counted in a period or county and are left out.
func readMissingVoices(t *testing.T) (rows []mvRow, left int) {
	f, err := os.Open(missingVoicesFile(t))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	places, err := gazetteer.Kenya()
	if err != nil {
		t.Fatal(err)
	}
	norm := func(s string) string {
		return strings.NewReplacer("'", "", " city", "", " county", "").Replace(strings.ToLower(strings.TrimSpace(s)))
	}
	counties := map[string]string{}
	for _, p := range places {
		if p.Level == 1 {
			counties[norm(p.Name)] = p.Code
		}
	}
	for _, r := range recs[1:] {
		place, _, _ := strings.Cut(r[3], "-")
		county := counties[norm(place)]
		year, yerr := strconv.Atoi(strings.TrimSpace(r[8]))
		status := strings.TrimSpace(r[12])
		if county == "" || yerr != nil || status == "" {
			left++
			continue
		}
		row := mvRow{name: strings.TrimSpace(r[0]), county: county, missing: status == "Missing", month: haki.MonthUnknown,
			occurred: haki.FuzzyDate{Date: time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC), Precision: haki.PrecisionYear}}
		switch md := strings.TrimSpace(r[9]); {
		case len(md) >= 5 && strings.Contains(md, "-"):
			if d, err := time.Parse("2-Jan-2006", md+"-"+strconv.Itoa(year)); err == nil {
				row.occurred = haki.FuzzyDate{Date: d, Precision: haki.PrecisionDay}
			}
		case len(md) == 3:
			if d, err := time.Parse("Jan-2006", md+"-"+strconv.Itoa(year)); err == nil {
				row.occurred = haki.FuzzyDate{Date: d, Precision: haki.PrecisionMonth}
			}
		}
		if row.occurred.Precision != haki.PrecisionYear {
			row.month = row.occurred.Date.Format("2006-01")
		}
		switch strings.TrimSpace(r[5]) {
		case "M":
			row.sex = "male"
		case "F":
			row.sex = "female"
		}
		if age, err := strconv.Atoi(strings.TrimSpace(r[6])); err == nil {
			row.age = &age
		}
		rows = append(rows, row)
	}
	return rows, left
}

// TestReportOnMissingVoices imports the real list through the store, one
// incident and victim at a time, and checks the executions report of
// every year, and of the whole period, against counts made straight from
// the file.
func TestReportOnMissingVoices(t *testing.T) {
	rows, left := readMissingVoices(t)
	if len(rows) < 300 {
		t.Fatalf("imported %d rows (%d left out): the file or the mapping changed", len(rows), left)
	}
	t.Logf("%d victims imported, %d rows left out (no year, county or status)", len(rows), left)
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		dm := storetest.As(storetest.MustUser(t, s, "mvdm", haki.RoleDataManager, ""))
		for i, r := range rows {
			inc := &haki.Incident{Title: fmt.Sprintf("Missing Voices %d", i+1), Occurred: r.occurred, CountyCode: r.county,
				Types: []string{"extrajudicial_execution"}, Verification: "unverified"}
			act := &haki.Act{ActType: "killing", VictimStatus: "killed", VictimAge: r.age}
			if r.missing {
				inc.Types, act.ActType, act.VictimStatus = []string{"enforced_disappearance"}, "disappearance", "missing"
			}
			if err := s.CreateIncident(dm, inc); err != nil {
				t.Fatalf("row %d: %v", i+1, err)
			}
			act.IncidentID = inc.ID
			if err := s.CreateActWithPerson(dm, act, &haki.Person{FullName: r.name, Sex: r.sex}); err != nil {
				t.Fatalf("row %d: %v", i+1, err)
			}
		}

		type counts map[string][2]int // code: victims, incidents (one each per row)
		years := map[int]bool{}
		for _, r := range rows {
			years[r.occurred.Date.Year()] = true
		}
		check := func(from, to time.Time) {
			want := map[string]counts{haki.ByMonth: {}, haki.ByCounty: {}, haki.BySex: {}, haki.ByFate: {}}
			total := 0
			for _, r := range rows {
				y := r.occurred.Date.Year()
				if y < from.Year() || y > to.Year() {
					continue
				}
				total++
				sex := r.sex
				if sex == "" {
					sex = "unknown"
				}
				fate := "killed"
				if r.missing {
					fate = "missing"
				}
				for dim, code := range map[string]string{haki.ByMonth: r.month, haki.ByCounty: r.county, haki.BySex: sex, haki.ByFate: fate} {
					if dim == haki.ByFate && !r.missing {
						continue // the fate of the disappeared counts only them
					}
					n := want[dim][code]
					want[dim][code] = [2]int{n[0] + 1, n[1] + 1}
				}
			}
			rep, err := s.Report(dm, haki.ReportExecutions, haki.ReportFilter{From: from, To: to})
			if err != nil {
				t.Fatal(err)
			}
			where := from.Format("2006") + "–" + to.Format("2006")
			if rep.Victims.N != total || rep.Incidents.N != total {
				t.Errorf("%s: %d victims, %d incidents; the file has %d", where, rep.Victims.N, rep.Incidents.N, total)
			}
			for dim, w := range want {
				tb := rep.Table(dim)
				if tb == nil {
					t.Fatalf("%s: no table by %s", where, dim)
				}
				compareGroups(t, where+" by "+dim, gotGroups(tb), w)
			}
		}
		for y := range years {
			check(time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC))
		}
		check(time.Date(1995, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2018, 12, 31, 0, 0, 0, 0, time.UTC))
	})
}
