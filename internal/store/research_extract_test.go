package store_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// extractSecrets are identifying values seeded into the records that must
// never appear in an extract.
var extractSecrets = []string{"Wanjiru", "29876543", "0711222333", "1990-02-14", "Kibera", "narrative-secret", "act-note-secret",
	"Sgt. Otieno", "SN-4455", "2024-05-17", "KE-047-01"}

// seedExtract records 12 victims in Nairobi (men aged 18-34 by birth
// date) and one woman in Mombasa, each with identifiers and free text.
func seedExtract(t *testing.T, s *store.Store, dm *haki.User) {
	t.Helper()
	ctx := storetest.As(dm)
	add := func(i int, county, sex string) {
		inc := &haki.Incident{Title: fmt.Sprintf("Wanjiru case %d", i), Types: []string{"torture"}, Occurred: haki.MustFuzzyDate("2024-05-17"),
			CountyCode: county, PlaceName: "Kibera", Verification: "verified", Narrative: "narrative-secret"}
		if county == "KE-047" {
			inc.SubCountyCode = "KE-047-01"
		}
		if err := s.CreateIncident(ctx, inc); err != nil {
			t.Fatal(err)
		}
		p := &haki.Person{FullName: fmt.Sprintf("Wanjiru %d", i), Sex: sex, NationalID: "29876543", Phone: "0711222333",
			BirthDate: haki.MustFuzzyDate("1990-02-14"), CountyCode: county, Notes: "Kibera"}
		a := &haki.Act{IncidentID: inc.ID, ActType: "torture", VictimStatus: "injured", Notes: "act-note-secret"}
		if err := s.CreateActWithPerson(ctx, a, p); err != nil {
			t.Fatal(err)
		}
		v := &haki.Involvement{ActID: a.ID, ServiceCode: "kps", Degree: "direct", OfficerName: "Sgt. Otieno", OfficerServiceNumber: "SN-4455"}
		if err := s.CreateInvolvement(ctx, v); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 12 {
		add(i, "KE-047", "male")
	}
	add(12, "KE-001", "female")
}

// readExtractCSV re-reads an extract as an outsider would and counts its
// classes on the QI columns: the independent check of k-anonymity.
func readExtractCSV(t *testing.T, b []byte, qiColumns []string) (rows []map[string]string, smallest int) {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil || len(recs) == 0 || !slices.Equal(recs[0], haki.ExtractColumns) {
		t.Fatalf("not the extract's CSV: %v\n%s", err, b)
	}
	classes := map[string]int{}
	for _, r := range recs[1:] {
		m := map[string]string{}
		var key []string
		for i, h := range recs[0] {
			m[h] = r[i]
			if slices.Contains(qiColumns, h) {
				key = append(key, r[i])
			}
		}
		rows = append(rows, m)
		classes[strings.Join(key, "|")]++
	}
	for _, n := range classes {
		if smallest == 0 || n < smallest {
			smallest = n
		}
	}
	return rows, smallest
}

func TestResearchExtract(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		admin := storetest.MustUser(t, s, "admin", haki.RoleAdmin, "")
		dm := storetest.MustUser(t, s, "dm", haki.RoleDataManager, "")
		res := storetest.MustUser(t, s, "res", haki.RoleResearcher, "")
		seedExtract(t, s, dm)
		o, err := haki.ParseExtractOptions(url.Values{"from": {"2024-01-01"}, "to": {"2024-12-31"}})
		if err != nil {
			t.Fatal(err)
		}

		t.Run("who may ask", func(t *testing.T) {
			for _, tc := range []struct {
				role haki.Role
				want string
			}{{haki.RoleResearcher, ""}, {haki.RoleDataManager, ""}, {haki.RoleAdmin, ""}, {haki.RoleCaseworker, haki.EFORBIDDEN},
				{haki.RoleMonitor, haki.EFORBIDDEN}, {haki.RoleProfessional, haki.EFORBIDDEN}, {haki.RoleViewer, haki.EFORBIDDEN}} {
				u := storetest.MustUser(t, s, "u"+string(tc.role), tc.role, "")
				if _, err := s.ResearchExtract(storetest.As(u), o); haki.ErrorCode(err) != tc.want && !(tc.want == "" && err == nil) {
					t.Errorf("%s: got %v, want %q", tc.role, err, tc.want)
				}
			}
		})

		t.Run("de-identified and k-anonymous", func(t *testing.T) {
			r, err := s.ResearchExtract(storetest.As(res), o)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := store.WriteExtractCSV(&buf, r); err != nil {
				t.Fatal(err)
			}
			for _, secret := range extractSecrets {
				if strings.Contains(buf.String(), secret) {
					t.Errorf("the extract carries %q:\n%s", secret, buf.String())
				}
			}
			rows, smallest := readExtractCSV(t, buf.Bytes(), []string{"county", "sex", "age_band"})
			if len(rows) == 0 || smallest < 5 {
				t.Fatalf("%d rows, smallest class %d:\n%s", len(rows), smallest, buf.String())
			}
			if len(rows) != r.Note.RowsOut || r.Note.RowsIn != 13 {
				t.Errorf("note %+v, %d rows", r.Note, len(rows))
			}
			first := rows[0]
			if first["month"] != "2024-05" || first["incident_types"] != "torture" || first["perpetrator_services"] != "kps" ||
				first["age_band"] != "18-34" && first["age_band"] != "18+" && first["age_band"] != haki.ExtractAny {
				t.Errorf("row %v", first)
			}
		})

		t.Run("audited", func(t *testing.T) {
			entries, err := s.FindAuditEntries(storetest.As(admin), haki.AuditFilter{Entity: "research_extract", Action: "export",
				UserID: res.ID, Limit: 10})
			if err != nil || len(entries) != 1 {
				t.Fatalf("%d entries, %v", len(entries), err)
			}
		})
	})
}

// TestResearchExtractRegions: counties without a parent in the gazetteer
// generalise to Kenya's former provinces.
func TestResearchExtractRegions(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		dm := storetest.MustUser(t, s, "dm", haki.RoleDataManager, "")
		ctx := storetest.As(dm)
		for i := range 10 {
			county := []string{"KE-001", "KE-002"}[i%2] // Mombasa and Kwale, both of the Coast
			inc := &haki.Incident{Title: "x", Types: []string{"extrajudicial_execution"}, Occurred: haki.MustFuzzyDate("2023-03"), CountyCode: county,
				Verification: "verified"}
			if err := s.CreateIncident(ctx, inc); err != nil {
				t.Fatal(err)
			}
			a := &haki.Act{IncidentID: inc.ID, ActType: "killing", VictimStatus: "killed"}
			if err := s.CreateActWithPerson(ctx, a, &haki.Person{FullName: fmt.Sprintf("Victim %d", i), Sex: "male"}); err != nil {
				t.Fatal(err)
			}
		}
		o, err := haki.ParseExtractOptions(url.Values{"from": {"2023-01-01"}, "to": {"2023-12-31"}, "k": {"10"}, "qi": {"county"}})
		if err != nil {
			t.Fatal(err)
		}
		r, err := s.ResearchExtract(ctx, o)
		if err != nil {
			t.Fatal(err)
		}
		if r.Len() != 10 || r.Note.Generalised["county"] != "region" {
			t.Fatalf("%d rows, note %+v", r.Len(), r.Note)
		}
		for row := range r.Rows() {
			if row.County != "coast" || row.Month != "2023-03" {
				t.Fatalf("row %+v", row)
			}
		}
	})
}
