package cli_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/haki-kenya/haki/internal/storetest"
)

// canaries are identifying values written through the API. None may appear
// in a file on disk, a database dump or the log.
var canaries = map[string]string{
	"name":         "Canaryfullname Wekesa",
	"alias":        "Canaryalias",
	"national_id":  "31337999",
	"phone":        "0799123987",
	"next_of_kin":  "Canarykin Mother",
	"notes":        "Canarynote lives behind the market",
	"title":        "Canarytitle shooting",
	"narrative":    "Canarynarrative: officers came at night",
	"act_notes":    "Canaryactnote bruises",
	"officer":      "Canaryofficer Mutua",
	"service_no":   "Canary-No-424242",
	"outcome_ref":  "Canaryoutcomeref Sgt held",
	"outcome_note": "Canaryoutcomenote seen at court",
	"source":       "Canarysource a neighbour",
	"summary":      "Canarysummary needs relocation",
	"professional": "Canaryprofessional Njeri",
	"licence":      "KMPDC/CANARY-7777",
}

// apiClient calls the API with a bearer token and decodes JSON answers.
type apiClient struct {
	t     *testing.T
	base  string
	token string
}

func (c apiClient) do(method, path string, body any, out any) int {
	c.t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, c.base+path, r)
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if out != nil && resp.StatusCode < 300 {
		if err := json.Unmarshal(b, out); err != nil {
			c.t.Fatalf("%s %s: %v: %s", method, path, err, b)
		}
	}
	if resp.StatusCode >= 300 {
		c.t.Logf("%s %s: %d %s", method, path, resp.StatusCode, b)
	}
	return resp.StatusCode
}

// writeCanaries records a person, an incident with an act, a perpetrator and
// a source, and a case, all carrying canaries, and reads them back.
func writeCanaries(t *testing.T, c apiClient) {
	t.Helper()
	var person, incident, act, inv struct {
		ID string `json:"id"`
	}
	must := func(code, want int, what string) {
		t.Helper()
		if code != want {
			t.Fatalf("%s: status %d, want %d", what, code, want)
		}
	}
	must(c.do("POST", "/api/v1/persons", map[string]any{"full_name": canaries["name"], "other_names": []string{canaries["alias"]}, "sex": "male",
		"national_id": canaries["national_id"], "phone": canaries["phone"], "next_of_kin": canaries["next_of_kin"], "notes": canaries["notes"],
		"duplicate_ok": true}, &person), 201, "person") // written again by some tests: the same canaries, confirmed
	must(c.do("POST", "/api/v1/incidents", map[string]any{"title": canaries["title"], "types": []string{"torture"}, "occurred": "2025-02-03",
		"county_code": "KE-047", "verification": "unverified", "narrative": canaries["narrative"]}, &incident), 201, "incident")
	must(c.do("POST", "/api/v1/acts", map[string]any{"incident_id": incident.ID, "victim_id": person.ID, "act_type": "torture",
		"victim_status": "injured", "notes": canaries["act_notes"]}, &act), 201, "act")
	must(c.do("POST", "/api/v1/involvements", map[string]any{"act_id": act.ID, "service_code": "kps", "degree": "direct",
		"officer_name": canaries["officer"], "officer_service_number": canaries["service_no"],
		"outcomes": []map[string]any{{"kind": "arrested", "date": "2025-02", "source_kind": "news",
			"source_ref": canaries["outcome_ref"], "notes": canaries["outcome_note"]}}}, &inv), 201, "involvement")
	must(c.do("POST", "/api/v1/sources", map[string]any{"incident_id": incident.ID, "kind": "witness", "reliability": "probably_true",
		"description": canaries["source"]}, nil), 201, "source")
	must(c.do("POST", "/api/v1/cases", map[string]any{"client_id": person.ID, "client_relation": "survivor", "incident_ids": []string{incident.ID},
		"intake_date": "2025-02-05", "intake_channel": "walk_in", "status": "active", "summary": canaries["summary"]}, nil), 201, "case")
	var pro struct {
		ID string `json:"id"`
	}
	must(c.do("POST", "/api/v1/professionals", map[string]any{"name": canaries["professional"], "profession": "doctor",
		"licence_number": canaries["licence"], "availability": "available", "counties": []string{"KE-047"}}, &pro), 201, "professional")
	for _, q := range []string{"njeri canaryprofesional", "kmpdc canary 7777"} {
		var found struct{ Items []map[string]any }
		must(c.do("POST", "/api/v1/professionals/search", map[string]any{"q": q}, &found), 200, "professional search")
		hit := false
		for _, it := range found.Items {
			hit = hit || it["id"] == pro.ID && it["name"] == canaries["professional"]
		}
		if !hit {
			t.Errorf("professional search %q did not find them (found %d)", q, len(found.Items))
		}
	}
	// The owner reads them back, and finds the person by a misspelt name and by ID number.
	var got map[string]any
	must(c.do("GET", "/api/v1/persons/"+person.ID, nil, &got), 200, "read person")
	if got["full_name"] != canaries["name"] || got["phone"] != canaries["phone"] {
		t.Fatalf("person read back as %v", got)
	}
	for _, q := range []string{"wekesa canaryfulname", canaries["national_id"], "0799 123 987"} {
		var found struct{ Items []map[string]any }
		must(c.do("POST", "/api/v1/persons/search", map[string]any{"q": q}, &found), 200, "search")
		hit := false
		for _, it := range found.Items {
			hit = hit || it["id"] == person.ID
		}
		if !hit {
			t.Errorf("search %q did not find the person (found %d)", q, len(found.Items))
		}
	}
	var inc map[string]any
	must(c.do("GET", "/api/v1/incidents/"+incident.ID, nil, &inc), 200, "read incident")
	if inc["narrative"] != canaries["narrative"] {
		t.Fatalf("incident read back as %v", inc)
	}
}

// assertNoCanary fails for each canary found in b.
func assertNoCanary(t *testing.T, where string, b []byte) {
	t.Helper()
	low := bytes.ToLower(b)
	for field, v := range canaries {
		for _, probe := range []string{v, strings.Fields(v)[0]} {
			if bytes.Contains(low, bytes.ToLower([]byte(probe))) {
				t.Errorf("%s contains the %s canary %q", where, field, probe)
			}
		}
	}
}

func TestCanariesNotOnDisk(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	if _, _, err := run(t, "a long enough password\n", "user", "add", "amina", "--role", "datamanager", "--data", data); err != nil {
		t.Fatal(err)
	}
	token, _, err := run(t, "", "user", "token", "amina", "--data", data)
	if err != nil {
		t.Fatal(err)
	}
	log := &syncBuffer{}
	base := startServeLog(t, log, "--data", data)
	writeCanaries(t, apiClient{t, base, strings.TrimSpace(token)})
	// Every file of the data folder as the server left it, WAL included.
	files, _ := filepath.Glob(filepath.Join(data, "*"))
	if len(files) < 2 {
		t.Fatalf("expected the database and its WAL, found %v", files)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		assertNoCanary(t, filepath.Base(f), b)
	}
	assertNoCanary(t, "the log", []byte(log.String()))
}

func TestCanariesNotInPostgresDump(t *testing.T) {
	url := storetest.PostgresURL(t)
	pgDump, err := exec.LookPath("pg_dump")
	if err != nil {
		t.Skip("pg_dump not installed")
	}
	keyFile := filepath.Join(t.TempDir(), "haki.key")
	if _, _, err := run(t, "a long enough password\n", "user", "add", "amina", "--role", "datamanager", "--database", url, "--key-file", keyFile); err != nil {
		t.Fatal(err)
	}
	token, _, err := run(t, "", "user", "token", "amina", "--database", url, "--key-file", keyFile)
	if err != nil {
		t.Fatal(err)
	}
	log := &syncBuffer{}
	base := startServeLog(t, log, "--database", url, "--key-file", keyFile, "--evidence-dir", t.TempDir())
	writeCanaries(t, apiClient{t, base, strings.TrimSpace(token)})
	schema := url[strings.Index(url, "search_path=")+len("search_path="):]
	if i := strings.IndexByte(schema, '&'); i >= 0 {
		schema = schema[:i]
	}
	dump, err := exec.Command(pgDump, "--data-only", "--schema", schema, "-h", "127.0.0.1", "-U", "postgres", "test").Output()
	if err != nil {
		t.Fatalf("pg_dump: %v", err)
	}
	if !bytes.Contains(dump, []byte("COPY "+schema+".persons")) {
		t.Fatalf("the dump lacks the persons table:\n%.2000s", dump)
	}
	assertNoCanary(t, "the PostgreSQL dump", dump)
	assertNoCanary(t, "the log", []byte(log.String()))
}
