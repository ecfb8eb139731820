package store_test

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

func hasReason(p haki.DuplicatePair, code string) bool {
	return slices.ContainsFunc(p.Reasons, func(r haki.DuplicateReason) bool { return r.Code == code })
}

func findPair(pairs []haki.DuplicatePair, a, b string) *haki.DuplicatePair {
	for i, p := range pairs {
		if p.First.ID == a && p.Second.ID == b || p.First.ID == b && p.Second.ID == a {
			return &pairs[i]
		}
	}
	return nil
}

// TestDuplicateCandidates: "John Kamau Mwangi" and "Kamau John M." with
// the same national ID number are proposed, with the reasons; two
// incidents two days apart in one county with the same victims too; a
// dismissed pair is not proposed again; only data managers and
// administrators may ask.
func TestDuplicateCandidates(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := storetest.As(storetest.MustUser(t, s, "dm", haki.RoleDataManager, ""))
		a := mustPerson(t, s, ctx, &haki.Person{FullName: "John Kamau Mwangi", Sex: "male", NationalID: "23456789", CountyCode: "KE-047"})
		b := mustPerson(t, s, ctx, &haki.Person{FullName: "Kamau John M.", Sex: "male", NationalID: "23 456 789", DuplicateOK: true})
		other := mustPerson(t, s, ctx, &haki.Person{FullName: "John Otieno", Sex: "male", NationalID: "99887766"})
		i1 := mustIncident(t, s, ctx, "Shooting of two men at Kayole stage", "KE-047", "2024-06-25")
		i2 := mustIncident(t, s, ctx, "Two men shot at Kayole stage", "KE-047", "2024-06-27")
		i3 := mustIncident(t, s, ctx, "Shooting in Kisumu", "KE-042", "2024-06-25")
		for _, inc := range []*haki.Incident{i1, i2} {
			mustVictim(t, s, ctx, inc, a)
		}
		mustVictim(t, s, ctx, i3, other)

		pairs, err := s.FindDuplicates(ctx, haki.DuplicateFilter{})
		if err != nil {
			t.Fatal(err)
		}
		p := findPair(pairs, a.ID, b.ID)
		if p == nil || !hasReason(*p, haki.ReasonSameNationalID) || !hasReason(*p, haki.ReasonNamesAlike) {
			t.Fatalf("persons: %+v", pairs)
		}
		if findPair(pairs, a.ID, other.ID) != nil {
			t.Errorf("John Otieno proposed: %+v", pairs)
		}
		q := findPair(pairs, i1.ID, i2.ID)
		if q == nil || !hasReason(*q, haki.ReasonSharedVictims) || !slices.Contains(q.Reasons, haki.DuplicateReason{Code: haki.ReasonDatesApart, N: 2}) {
			t.Fatalf("incidents: %+v", pairs)
		}
		if findPair(pairs, i1.ID, i3.ID) != nil {
			t.Errorf("incidents of other counties proposed")
		}
		if only, _ := s.FindDuplicates(ctx, haki.DuplicateFilter{Kind: haki.DuplicateIncident, CountyCode: "KE-042"}); len(only) != 0 {
			t.Errorf("Kisumu only: %+v", only)
		}
		if err := s.DismissDuplicate(ctx, haki.DuplicatePerson, b.ID, a.ID); err != nil {
			t.Fatal(err)
		}
		pairs, _ = s.FindDuplicates(ctx, haki.DuplicateFilter{Kind: haki.DuplicatePerson})
		if findPair(pairs, a.ID, b.ID) != nil {
			t.Errorf("a dismissed pair came back")
		}
		for _, role := range []haki.Role{haki.RoleCaseworker, haki.RoleResearcher, haki.RoleViewer} {
			u := storetest.As(storetest.MustUser(t, s, "u"+string(role), role, ""))
			if _, err := s.FindDuplicates(u, haki.DuplicateFilter{}); haki.ErrorCode(err) != haki.EFORBIDDEN {
				t.Errorf("%s: %v", role, err)
			}
		}
	})
}

func mustPerson(tb testing.TB, s *store.Store, ctx context.Context, p *haki.Person) *haki.Person {
	tb.Helper()
	if err := s.CreatePerson(ctx, p); err != nil {
		tb.Fatalf("create person: %v", err)
	}
	return p
}

// personSnapshot is what a merge changes and an undo must restore.
type personSnapshot struct {
	Persons map[string]haki.Person
	Acts    map[string]string // act -> victim
	Clients map[string]string // case -> client
	Counts  map[string]int    // incident -> victim count
	Report  int
}

func snapshotPersons(t *testing.T, s *store.Store, ctx context.Context, persons []*haki.Person, incidents []*haki.Incident, cases []*haki.Case) personSnapshot {
	t.Helper()
	snap := personSnapshot{Persons: map[string]haki.Person{}, Acts: map[string]string{}, Clients: map[string]string{}, Counts: map[string]int{}}
	for _, p := range persons {
		got, err := s.FindPersonByID(ctx, p.ID)
		if err != nil {
			continue
		}
		got.Version, got.UpdatedAt = 0, got.CreatedAt
		snap.Persons[p.ID] = *got
	}
	for _, inc := range incidents {
		got, err := s.FindIncidentByID(ctx, inc.ID)
		if err != nil {
			t.Fatal(err)
		}
		snap.Counts[inc.ID] = got.VictimCount
		acts, err := s.FindActs(ctx, inc.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range acts {
			snap.Acts[a.ID] = a.VictimID
		}
	}
	for _, c := range cases {
		got, err := s.FindCaseByID(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		snap.Clients[c.ID] = got.ClientID
	}
	r, err := s.Report(ctx, haki.ReportExecutions, haki.ReportFilter{From: day("2024-01-01"), To: day("2024-12-31")})
	if err != nil {
		t.Fatal(err)
	}
	snap.Report = r.Victims.N
	return snap
}

// TestMergePersons: a merge moves the acts and case of the merged person
// to the survivor, which takes the chosen values and keeps the other name;
// the counts stay right; the merged person reads as merged; an undo
// restores exactly what was there; a second undo, or an undo after the
// survivor changed, is refused.
func TestMergePersons(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		dm := storetest.MustUser(t, s, "admin", haki.RoleAdmin, "")
		ctx := storetest.As(storetest.MustUser(t, s, "dm", haki.RoleDataManager, ""))
		a := mustPerson(t, s, ctx, &haki.Person{FullName: "John Kamau Mwangi", Sex: "male", NationalID: "23456789"})
		b := mustPerson(t, s, ctx, &haki.Person{FullName: "Kamau John M.", Sex: "male", NationalID: "23456789", Phone: "0722000111",
			BirthDate: haki.MustFuzzyDate("1990"), DuplicateOK: true})
		i1 := mustIncident(t, s, ctx, "Shooting in Kayole", "KE-047", "2024-06-25")
		i2 := mustIncident(t, s, ctx, "Arrest in Kisumu", "KE-042", "2024-03-02")
		mustVictim(t, s, ctx, i1, a)
		actB := mustVictim(t, s, ctx, i2, b)
		c := mustClientCase(t, s, ctx, b, i2, "active")
		persons, incidents, cases := []*haki.Person{a, b}, []*haki.Incident{i1, i2}, []*haki.Case{c}
		before := snapshotPersons(t, s, ctx, persons, incidents, cases)
		checkCells(t, s, dm, "before the merge")

		m, err := s.Merge(ctx, haki.MergeRequest{Kind: haki.DuplicatePerson, SurvivorID: a.ID, MergedID: b.ID, Take: []string{"phone", "birth_date"}})
		if err != nil {
			t.Fatal(err)
		}
		if m.Moved["acts"] != 1 || m.Moved["cases"] != 1 || m.SurvivorRef != a.Ref || m.MergedRef != b.Ref {
			t.Errorf("merge = %+v", m)
		}
		after := snapshotPersons(t, s, ctx, persons, incidents, cases)
		got := after.Persons[a.ID]
		if got.Phone != b.Phone || got.BirthDate != b.BirthDate || got.FullName != a.FullName || !slices.Contains(got.OtherNames, b.FullName) {
			t.Errorf("survivor = %+v", got)
		}
		if after.Acts[actB.ID] != a.ID || after.Clients[c.ID] != a.ID || after.Counts[i2.ID] != 1 || after.Report != before.Report {
			t.Errorf("after the merge: %+v, before %+v", after, before)
		}
		if _, err := s.FindPersonByID(ctx, b.ID); haki.ErrorCode(err) != haki.ENOTFOUND || !strings.Contains(haki.ErrorMessage(err), a.Ref) {
			t.Errorf("merged person read: %v", err)
		}
		if into, err := s.MergedInto(ctx, haki.DuplicatePerson, b.ID); err != nil || into != a.ID {
			t.Errorf("merged into %q, %v", into, err)
		}
		if found, _, _ := s.FindPersons(ctx, haki.PersonFilter{Text: "Kamau"}); len(found) != 1 || found[0].ID != a.ID {
			t.Errorf("search finds %d persons", len(found))
		}
		checkCells(t, s, dm, "after the merge")

		if _, err := s.UndoMerge(ctx, m.ID); err != nil {
			t.Fatal(err)
		}
		if undone := snapshotPersons(t, s, ctx, persons, incidents, cases); !reflect.DeepEqual(undone, before) {
			t.Errorf("undo:\n got %+v\nwant %+v", undone, before)
		}
		checkCells(t, s, dm, "after the undo")
		if _, err := s.UndoMerge(ctx, m.ID); haki.ErrorCode(err) != haki.ECONFLICT {
			t.Errorf("second undo: %v", err)
		}

		// Merged again, then the survivor edited: the undo is refused.
		m, err = s.Merge(ctx, haki.MergeRequest{Kind: haki.DuplicatePerson, SurvivorID: a.ID, MergedID: b.ID})
		if err != nil {
			t.Fatal(err)
		}
		edit, _ := s.FindPersonByID(ctx, a.ID)
		edit.Occupation = "boda boda rider"
		if err := s.UpdatePerson(ctx, edit); err != nil {
			t.Fatal(err)
		}
		if _, err := s.UndoMerge(ctx, m.ID); haki.ErrorCode(err) != haki.ECONFLICT || !strings.Contains(haki.ErrorMessage(err), a.Ref) {
			t.Errorf("undo after an edit: %v", err)
		}
		// A merged person cannot be merged or dismissed again: not found.
		if _, err := s.Merge(ctx, haki.MergeRequest{Kind: haki.DuplicatePerson, SurvivorID: b.ID, MergedID: a.ID}); haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Errorf("merge into a tombstone: %v", err)
		}
		if err := s.DismissDuplicate(ctx, haki.DuplicatePerson, a.ID, b.ID); haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Errorf("dismiss with a tombstone: %v", err)
		}
	})
}

// TestMergeIncidents: the survivor keeps both incidents' sources and acts
// (sealed again with its key, so they still read) and their case links;
// reports count the merged incident once; an undo restores both.
func TestMergeIncidents(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		dm := storetest.MustUser(t, s, "admin", haki.RoleAdmin, "")
		ctx := storetest.As(storetest.MustUser(t, s, "dm", haki.RoleDataManager, ""))
		p1 := mustPerson(t, s, ctx, &haki.Person{FullName: "Achieng Atieno", Sex: "female"})
		i1 := mustIncident(t, s, ctx, "Shooting at Kayole stage", "KE-047", "2024-06-25")
		i2 := mustIncident(t, s, ctx, "Kayole stage shooting", "KE-047", "2024-06-26")
		mustVictim(t, s, ctx, i1, p1)
		act2 := &haki.Act{IncidentID: i2.ID, VictimID: p1.ID, ActType: "killing", Method: "shooting", VictimStatus: "killed", Notes: "shot twice"}
		if err := s.CreateAct(ctx, act2); err != nil {
			t.Fatal(err)
		}
		for i, inc := range []*haki.Incident{i1, i2} {
			src := &haki.Source{IncidentID: inc.ID, Kind: "survivor", Reliability: "confirmed", Description: []string{"told by a neighbour", "told by her sister"}[i]}
			if err := s.CreateSource(ctx, src); err != nil {
				t.Fatal(err)
			}
		}
		c := mustClientCase(t, s, ctx, p1, i2, "active")
		rep := func() (int, int) {
			r, err := s.Report(ctx, haki.ReportExecutions, haki.ReportFilter{From: day("2024-01-01"), To: day("2024-12-31")})
			if err != nil {
				t.Fatal(err)
			}
			return r.Incidents.N, r.Victims.N
		}
		incBefore, vicBefore := rep()
		checkCells(t, s, dm, "before the merge")

		m, err := s.Merge(ctx, haki.MergeRequest{Kind: haki.DuplicateIncident, SurvivorID: i1.ID, MergedID: i2.ID, Take: []string{"title"}})
		if err != nil {
			t.Fatal(err)
		}
		sources, err := s.FindSources(ctx, i1.ID)
		if err != nil || len(sources) != 2 {
			t.Fatalf("sources = %+v, %v", sources, err)
		}
		descs := []string{sources[0].Description, sources[1].Description}
		slices.Sort(descs)
		if descs[0] != "told by a neighbour" || descs[1] != "told by her sister" {
			t.Errorf("sources read %q", descs)
		}
		acts, err := s.FindActs(ctx, i1.ID)
		if err != nil || len(acts) != 2 || !slices.ContainsFunc(acts, func(a *haki.Act) bool { return a.Notes == "shot twice" }) {
			t.Fatalf("acts = %+v, %v", acts, err)
		}
		got, _ := s.FindIncidentByID(ctx, i1.ID)
		if got.Title != i2.Title || got.VictimCount != 1 {
			t.Errorf("survivor = %+v", got)
		}
		cs, _ := s.FindCaseByID(ctx, c.ID)
		if !slices.Contains(cs.IncidentIDs, i1.ID) {
			t.Errorf("case incidents = %v", cs.IncidentIDs)
		}
		if n, v := rep(); n != incBefore-1 || v != vicBefore-1 {
			t.Errorf("after the merge the report counts %d incidents, %d victims; before %d, %d", n, v, incBefore, vicBefore)
		}
		if _, err := s.FindIncidentByID(ctx, i2.ID); haki.ErrorCode(err) != haki.ENOTFOUND || !strings.Contains(haki.ErrorMessage(err), i1.Ref) {
			t.Errorf("merged incident read: %v", err)
		}
		checkCells(t, s, dm, "after the merge")

		if _, err := s.UndoMerge(ctx, m.ID); err != nil {
			t.Fatal(err)
		}
		for _, inc := range []*haki.Incident{i1, i2} {
			got, err := s.FindIncidentByID(ctx, inc.ID)
			if err != nil || got.Title != inc.Title || got.VictimCount != 1 {
				t.Errorf("after the undo %s = %+v, %v", inc.Ref, got, err)
			}
			if sources, err := s.FindSources(ctx, inc.ID); err != nil || len(sources) != 1 {
				t.Errorf("after the undo %s has sources %+v, %v", inc.Ref, sources, err)
			}
		}
		if acts, _ := s.FindActs(ctx, i2.ID); len(acts) != 1 || acts[0].Notes != "shot twice" {
			t.Errorf("after the undo the act reads %+v", acts)
		}
		cs, _ = s.FindCaseByID(ctx, c.ID)
		if !slices.Contains(cs.IncidentIDs, i2.ID) || slices.Contains(cs.IncidentIDs, i1.ID) {
			t.Errorf("case incidents after the undo = %v", cs.IncidentIDs)
		}
		if n, v := rep(); n != incBefore || v != vicBefore {
			t.Errorf("after the undo the report counts %d incidents, %d victims", n, v)
		}
		checkCells(t, s, dm, "after the undo")
	})
}

// checkCells compares the kept report summary with the records.
func checkCells(t *testing.T, s *store.Store, admin *haki.User, step string) {
	t.Helper()
	_, problems, err := s.VerifyReportSummary(storetest.As(admin))
	if err != nil {
		t.Fatalf("%s: %v", step, err)
	}
	for _, p := range problems {
		t.Errorf("%s: %s", step, p)
	}
}

// TestMergePersonsOfOneIncident: two records of one victim in the same
// incident count once after the merge, twice again after the undo; an act
// deleted after the merge is not brought back by the undo, and a survivor
// that still refers to a merge cannot be deleted.
func TestMergePersonsOfOneIncident(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		admin := storetest.MustUser(t, s, "admin", haki.RoleAdmin, "")
		ctx := storetest.As(storetest.MustUser(t, s, "dm", haki.RoleDataManager, ""))
		a := mustPerson(t, s, ctx, &haki.Person{FullName: "Otieno Odhiambo", Sex: "male"})
		b := mustPerson(t, s, ctx, &haki.Person{FullName: "Odhiambo Otieno", Sex: "male", DuplicateOK: true})
		inc := mustIncident(t, s, ctx, "Two men shot at Kondele", "KE-042", "2024-05-10")
		other := mustIncident(t, s, ctx, "Arrest at Kondele", "KE-042", "2024-08-01")
		mustVictim(t, s, ctx, inc, a)
		mustVictim(t, s, ctx, inc, b)
		later := mustVictim(t, s, ctx, other, b)
		count := func(id string) int {
			got, err := s.FindIncidentByID(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			return got.VictimCount
		}
		if count(inc.ID) != 2 {
			t.Fatalf("before: %d victims", count(inc.ID))
		}
		m, err := s.Merge(ctx, haki.MergeRequest{Kind: haki.DuplicatePerson, SurvivorID: a.ID, MergedID: b.ID})
		if err != nil {
			t.Fatal(err)
		}
		if count(inc.ID) != 1 {
			t.Errorf("after the merge: %d victims", count(inc.ID))
		}
		checkCells(t, s, admin, "after the merge")
		if err := s.DeleteAct(ctx, later.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.DeletePerson(storetest.As(admin), a.ID); haki.ErrorCode(err) != haki.ECONFLICT {
			t.Errorf("delete a survivor: %v", err)
		}
		if _, err := s.UndoMerge(ctx, m.ID); err != nil {
			t.Fatal(err)
		}
		if count(inc.ID) != 2 || count(other.ID) != 0 {
			t.Errorf("after the undo: %d and %d victims", count(inc.ID), count(other.ID))
		}
		checkCells(t, s, admin, "after the undo")
	})
}
