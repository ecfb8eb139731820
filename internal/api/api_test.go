package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/api"
	"github.com/haki-kenya/haki/internal/httpx"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// world is a store with one user per role, their API tokens, and records to
// ask for, behind the production middleware chain.
type world struct {
	s      *store.Store
	server *api.Server
	h      http.Handler
	users  map[string]*haki.User // by role, plus "caseworker_b"
	tokens map[string]string     // by the same keys; "bad" is a token nobody has
	ids    map[string]string     // by name, e.g. "incident", "case_b"
	// evidenceDir is the server's evidence folder.
	evidenceDir string
}

func newWorld(t *testing.T, s *store.Store) *world {
	t.Helper()
	w := &world{s: s, users: map[string]*haki.User{}, tokens: map[string]string{"bad": "haki_not-a-token"}, ids: map[string]string{}}
	sys := haki.SystemContext(context.Background())
	teamA, teamB := storetest.MustTeam(t, s, "Team A"), storetest.MustTeam(t, s, "Team B")
	for _, r := range haki.Roles {
		team := ""
		if r == haki.RoleCaseworker || r == haki.RoleProfessional {
			team = teamA.ID
		}
		w.users[string(r)] = storetest.MustUser(t, s, string(r), r, team)
	}
	w.users["caseworker_b"] = storetest.MustUser(t, s, "caseworker_b", haki.RoleCaseworker, teamB.ID)
	w.users["target"] = storetest.MustUser(t, s, "target", haki.RoleViewer, "")
	for k, u := range w.users {
		tok, err := s.CreateAPIToken(sys, u.ID, store.AccountProof{})
		if err != nil {
			t.Fatal(err)
		}
		w.tokens[k] = tok
	}
	w.ids["user"], w.ids["team_a"] = w.users["target"].ID, teamA.ID
	w.evidenceDir = t.TempDir()
	w.seed(t)
	w.server = api.New(api.Config{Store: s, Logger: slog.New(slog.DiscardHandler), EvidenceDir: w.evidenceDir})
	mux := http.NewServeMux()
	mux.Handle("/api/", w.server.Handler())
	w.h = httpx.Chain(s, slog.New(slog.DiscardHandler), mux)
	return w
}

// seed records, as the administrator, an incident with an act, an
// involvement and a source; persons; cases of teams A and B; an
// institution; and a second of each for the delete routes.
func (w *world) seed(t *testing.T) {
	t.Helper()
	ctx := storetest.As(w.users["admin"])
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, suffix := range []string{"", "_del"} {
		inc := &haki.Incident{Title: "Beating at Kilimani station" + suffix, Types: []string{"torture"}, Occurred: haki.MustFuzzyDate("2023-05-14"),
			CountyCode: "KE-047", Narrative: "Narrative naming Juma Otieno", Verification: "unverified"}
		must(w.s.CreateIncident(ctx, inc))
		victim := &haki.Person{FullName: "Juma Otieno" + suffix, Sex: "male", CountyCode: "KE-047"}
		must(w.s.CreatePerson(ctx, victim))
		act := &haki.Act{IncidentID: inc.ID, VictimID: victim.ID, ActType: "torture", VictimStatus: "injured"}
		must(w.s.CreateAct(ctx, act))
		inv := &haki.Involvement{ActID: act.ID, ServiceCode: "kps", Degree: "direct", OfficerName: "Officer X"}
		must(w.s.CreateInvolvement(ctx, inv))
		src := &haki.Source{IncidentID: inc.ID, Kind: "survivor", Reliability: "confirmed", Description: "Statement"}
		must(w.s.CreateSource(ctx, src))
		grp := &haki.VictimGroup{IncidentID: inc.ID, Count: 3, Description: "three detainees", ActType: "torture", VictimStatus: "injured"}
		must(w.s.CreateVictimGroup(ctx, grp))
		in := &haki.Institution{ServiceCode: "kps", Kind: "station", Name: "Kilimani Police Station" + suffix, CountyCode: "KE-047"}
		must(w.s.CreateInstitution(ctx, in))
		spare := &haki.Person{FullName: "Wanjiru Kamau" + suffix, Sex: "female"}
		must(w.s.CreatePerson(ctx, spare))
		c := &haki.Case{ClientID: victim.ID, ClientRelation: "survivor", IncidentIDs: []string{inc.ID}, IntakeDate: time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC),
			IntakeChannel: "walk_in", TeamID: w.ids["team_a"], CaseworkerID: w.users["caseworker"].ID, Summary: "Client summary"}
		must(w.s.CreateCase(ctx, c))
		for k, v := range map[string]string{"incident": inc.ID, "person": victim.ID, "act": act.ID, "involvement": inv.ID,
			"source": src.ID, "institution": in.ID, "case": c.ID, "spare_person": spare.ID, "victim_group": grp.ID} {
			w.ids[k+suffix] = v
		}
	}
	// "person_del" is in an act and a case; the delete route needs one that is not.
	w.ids["person_del"] = w.ids["spare_person_del"]
	client := &haki.Person{FullName: "Achieng Odhiambo", Sex: "female"}
	must(w.s.CreatePerson(ctx, client))
	cb := &haki.Case{ClientID: client.ID, ClientRelation: "survivor", IntakeDate: time.Date(2024, 1, 5, 0, 0, 0, 0, time.UTC),
		IntakeChannel: "hotline", TeamID: w.users["caseworker_b"].TeamID, CaseworkerID: w.users["caseworker_b"].ID}
	must(w.s.CreateCase(ctx, cb))
	w.ids["case_b"], w.ids["client_b"] = cb.ID, client.ID
	ev := &haki.Evidence{OwnerKind: haki.OwnerCase, OwnerID: w.ids["case"], Kind: "medical_report", Filename: "p3.txt"}
	must(w.s.Evidence(w.evidenceDir).CreateEvidence(ctx, ev, strings.NewReader("P3 form of Juma Otieno")))
	w.ids["evidence"] = ev.ID
	report := &haki.PublicReport{Channel: "web", Kind: "full", What: "beaten", CountyCode: "KE-047", Account: "Juma Otieno was beaten",
		Harmed: []haki.ReportedPerson{{Name: "Juma Otieno"}}, Contact: haki.SafeContact{Method: "call", Address: "0712 345 678"}}
	if _, err := w.s.SubmitPublicReport(context.Background(), report, "world-report"); err != nil {
		t.Fatal(err)
	}
	w.ids["public_report"] = report.ID
	story := &haki.Story{CaseID: w.ids["case"], Title: "A story", Body: "Told for the public."}
	must(w.s.CreateStory(ctx, story))
	w.ids["story"] = story.ID
	w.ids["evaluation"] = "no-such-evaluation" // reached only by clinicians; the store answers 404 to every role
	w.seedNetwork(t)
}

// expand replaces {name} in s by the id of that name.
func (w *world) expand(s string) string {
	for k, v := range w.ids {
		s = strings.ReplaceAll(s, "{"+k+"}", v)
	}
	return s
}

// response is what a request got back.
type response struct {
	status int
	header http.Header
	raw    []byte
	body   map[string]any
}

// do sends a request as the holder of the token named by who ("" sends none).
func (w *world) do(t *testing.T, method, path, who, body string) response {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(w.expand(body))
	}
	req := httptest.NewRequest(method, w.expand(path), rd)
	if who != "" {
		req.Header.Set("Authorization", "Bearer "+w.tokens[who])
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	rec := httptest.NewRecorder()
	w.h.ServeHTTP(rec, req)
	res := response{status: rec.Code, header: rec.Header(), raw: rec.Body.Bytes()}
	if len(res.raw) > 0 && res.raw[0] == '{' {
		if err := json.Unmarshal(res.raw, &res.body); err != nil {
			t.Fatalf("%s %s: response is not JSON: %v\n%s", method, path, err, res.raw)
		}
	}
	return res
}

// lookup follows a dotted path ("errors.title", "items.0.id") into a decoded JSON value.
func lookup(v any, path string) (any, bool) {
	for _, k := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = x[k]; !ok {
				return nil, false
			}
		case []any:
			var i int
			if _, err := fmt.Sscan(k, &i); err != nil || i >= len(x) {
				return nil, false
			}
			v = x[i]
		default:
			return nil, false
		}
	}
	return v, true
}

// items returns the "items" of a list response.
func (r response) items(t *testing.T) []map[string]any {
	t.Helper()
	raw, _ := json.Marshal(r.body["items"])
	var out []map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("items: %v\n%s", err, r.raw)
	}
	return out
}

func mustJSON(v any) string {
	var buf bytes.Buffer
	json.NewEncoder(&buf).Encode(v)
	return buf.String()
}
