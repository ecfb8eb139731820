package store_test

import (
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// TestVictimGroupCounted: about 30 protesters shot dead count as 30
// victims, by sex and age band, in the summary and from the records, in
// the research extract; one replaced by a named person leaves every total
// as it was, in one audited transaction.
func TestVictimGroupCounted(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		admin := storetest.MustUser(t, s, "gadmin", haki.RoleAdmin, "")
		ctx := storetest.As(admin)
		inc := &haki.Incident{Title: "Protest", Types: []string{"extrajudicial_execution"}, Occurred: haki.MustFuzzyDate("2024-06-25"),
			CountyCode: "KE-047", Verification: "verified", Context: "protest"}
		if err := s.CreateIncident(ctx, inc); err != nil {
			t.Fatal(err)
		}
		named := &haki.Act{IncidentID: inc.ID, ActType: "killing", Method: "shooting", VictimStatus: "killed"}
		if err := s.CreateActWithPerson(ctx, named, &haki.Person{FullName: "Named victim", Sex: "female"}); err != nil {
			t.Fatal(err)
		}
		g := &haki.VictimGroup{IncidentID: inc.ID, Count: 30, Approx: true, Sex: "male", AgeBand: "18-34", Description: "protesters",
			ActType: "killing", Method: "shooting", VictimStatus: "killed"}
		if err := s.CreateVictimGroup(ctx, g); err != nil {
			t.Fatal(err)
		}
		mixed := &haki.VictimGroup{IncidentID: inc.ID, Count: 2, Sex: haki.SexMixed, AgeBand: haki.AgeMixed, ActType: "killing", VictimStatus: "killed"}
		if err := s.CreateVictimGroup(ctx, mixed); err != nil {
			t.Fatal(err)
		}
		for _, bad := range []*haki.VictimGroup{
			{IncidentID: inc.ID, Count: 0, ActType: "killing", VictimStatus: "killed"},
			{IncidentID: inc.ID, Count: 3, AgeBand: "20-30", ActType: "killing", VictimStatus: "killed"},
			{IncidentID: inc.ID, Count: 3, Sex: "robot", ActType: "killing", VictimStatus: "killed"},
		} {
			if err := s.CreateVictimGroup(ctx, bad); haki.ErrorCode(err) != haki.EINVALID {
				t.Errorf("%+v: %v", bad, err)
			}
		}
		check := func(step string) {
			t.Helper()
			for _, fromRecords := range []bool{false, true} {
				f := haki.ReportFilter{From: day("2024-01-01"), To: day("2024-12-31")}
				var r *haki.Report
				var err error
				if fromRecords {
					r, err = s.ReportFromRecords(ctx, haki.ReportExecutions, f)
				} else {
					r, err = s.ExecutionsReport(ctx, f)
				}
				if err != nil {
					t.Fatal(err)
				}
				if r.Victims.N != 33 || r.Incidents.N != 1 {
					t.Errorf("%s (records %v): %d victims, %d incidents, want 33, 1", step, fromRecords, r.Victims.N, r.Incidents.N)
				}
				for _, c := range []struct {
					by, code string
					n        int
				}{{haki.BySex, "male", 30}, {haki.BySex, "female", 1}, {haki.BySex, "unknown", 2}, {haki.ByAgeBand, "18-34", 30},
					{haki.ByAgeBand, haki.AgeUnknown, 3}, {haki.ByMethod, "shooting", 31}, {haki.ByContext, "protest", 33}} {
					if row := rowOf(t, r, c.by, c.code); row.Victims.N != c.n {
						t.Errorf("%s (records %v) by %s %s: %d victims, want %d", step, fromRecords, c.by, c.code, row.Victims.N, c.n)
					}
				}
				// One filter, from the filter summary and the records.
				f.Sex = "male"
				if r, err = s.ExecutionsReport(ctx, f); err != nil {
					t.Fatal(err)
				} else if r.Victims.N != 30 {
					t.Errorf("%s: men: %d victims", step, r.Victims.N)
				}
				f.Sex, f.AgeBand = "", "18-34"
				if r, err = s.ReportFromRecords(ctx, haki.ReportExecutions, f); err != nil {
					t.Fatal(err)
				} else if r.Victims.N != 30 {
					t.Errorf("%s: 18-34: %d victims", step, r.Victims.N)
				}
			}
			got, err := s.FindIncidentByID(ctx, inc.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.VictimCount != 33 {
				t.Errorf("%s: victim count %d", step, got.VictimCount)
			}
			cells, problems, err := s.VerifyReportSummary(ctx)
			if err != nil || len(problems) > 0 || cells == 0 {
				t.Errorf("%s: summary: %d cells, %v, %v", step, cells, problems, err)
			}
			x, err := s.ResearchExtract(ctx, haki.ExtractOptions{From: day("2024-01-01"), To: day("2024-12-31"), K: 1, Strategy: haki.ExtractSuppress})
			if err != nil {
				t.Fatal(err)
			}
			if x.Note.RowsIn != 33 {
				t.Errorf("%s: extract: %d rows, want 33", step, x.Note.RowsIn)
			}
		}
		check("with the group")

		// A named person replaces one of the 30.
		p := &haki.Person{FullName: "Identified later", Sex: "male"}
		if err := s.CreatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ReplaceGroupMember(ctx, g.ID, g.Version+1, p.ID); haki.ErrorCode(err) != haki.ECONFLICT {
			t.Errorf("stale replace: %v", err)
		}
		a, err := s.ReplaceGroupMember(ctx, g.ID, g.Version, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if a.VictimID != p.ID || a.ActType != "killing" || a.Method != "shooting" {
			t.Errorf("act %+v", a)
		}
		after, err := s.FindVictimGroupByID(ctx, g.ID)
		if err != nil {
			t.Fatal(err)
		}
		if after.Count != 29 || after.Description != "protesters" {
			t.Errorf("group after %+v", after)
		}
		// The person's age is not known: the band moves to unknown, nothing else.
		check2 := func() {
			r, err := s.ExecutionsReport(ctx, haki.ReportFilter{From: day("2024-01-01"), To: day("2024-12-31")})
			if err != nil {
				t.Fatal(err)
			}
			if r.Victims.N != 33 || rowOf(t, r, haki.BySex, "male").Victims.N != 30 || rowOf(t, r, haki.ByAgeBand, "18-34").Victims.N != 29 {
				t.Errorf("after the replacement: %d victims", r.Victims.N)
			}
		}
		check2()
		// The last two of a group: it goes with the last.
		for range 2 {
			q := &haki.Person{FullName: "Another", Sex: "female"}
			if err := s.CreatePerson(ctx, q); err != nil {
				t.Fatal(err)
			}
			m, err := s.FindVictimGroupByID(ctx, mixed.ID)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.ReplaceGroupMember(ctx, m.ID, m.Version, q.ID); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.FindVictimGroupByID(ctx, mixed.ID); haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Errorf("emptied group: %v", err)
		}
		groups, err := s.FindVictimGroups(ctx, inc.ID)
		if err != nil || len(groups) != 1 {
			t.Fatalf("groups %v %v", groups, err)
		}
		// Readers who do not see identities get no description.
		res := storetest.MustUser(t, s, "gres", haki.RoleResearcher, "")
		if gs, err := s.FindVictimGroups(storetest.As(res), inc.ID); err == nil && len(gs) == 1 && gs[0].Description != "" {
			t.Errorf("researcher sees the description")
		}
		if err := s.DeleteVictimGroup(ctx, g.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.FindIncidentByID(ctx, inc.ID); got.VictimCount != 4 {
			t.Errorf("after deleting the group: victim count %d", got.VictimCount)
		}
		if _, problems, err := s.VerifyReportSummary(ctx); err != nil || len(problems) > 0 {
			t.Errorf("summary after delete: %v %v", problems, err)
		}
	})
}

// TestVictimGroupFollowsMerge: merging an incident with a group into
// another moves the group (its description sealed again with the
// survivor's key) and the report still counts its members; an undo moves
// it back.
func TestVictimGroupFollowsMerge(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		admin := storetest.MustUser(t, s, "madmin", haki.RoleAdmin, "")
		ctx := storetest.As(admin)
		var ids []string
		for range 2 {
			inc := &haki.Incident{Title: "Protest", Types: []string{"extrajudicial_execution"}, Occurred: haki.MustFuzzyDate("2024-06-25"),
				CountyCode: "KE-047", Verification: "verified"}
			if err := s.CreateIncident(ctx, inc); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, inc.ID)
		}
		g := &haki.VictimGroup{IncidentID: ids[1], Count: 12, Sex: "male", Description: "marchers", ActType: "killing", VictimStatus: "killed"}
		if err := s.CreateVictimGroup(ctx, g); err != nil {
			t.Fatal(err)
		}
		victims := func() int {
			r, err := s.ExecutionsReport(ctx, haki.ReportFilter{From: day("2024-01-01"), To: day("2024-12-31")})
			if err != nil {
				t.Fatal(err)
			}
			return r.Victims.N
		}
		m, err := s.Merge(ctx, haki.MergeRequest{Kind: haki.DuplicateIncident, SurvivorID: ids[0], MergedID: ids[1]})
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.FindVictimGroupByID(ctx, g.ID)
		if err != nil || got.IncidentID != ids[0] || got.Description != "marchers" {
			t.Fatalf("after the merge: %+v %v", got, err)
		}
		if n := victims(); n != 12 {
			t.Errorf("after the merge: %d victims, want 12", n)
		}
		if _, err := s.UndoMerge(ctx, m.ID); err != nil {
			t.Fatal(err)
		}
		if got, err := s.FindVictimGroupByID(ctx, g.ID); err != nil || got.IncidentID != ids[1] || got.Description != "marchers" {
			t.Errorf("after the undo: %+v %v", got, err)
		}
		if n := victims(); n != 12 {
			t.Errorf("after the undo: %d victims, want 12", n)
		}
		if _, problems, err := s.VerifyReportSummary(ctx); err != nil || len(problems) > 0 {
			t.Errorf("summary: %v %v", problems, err)
		}
	})
}
