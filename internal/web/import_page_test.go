package web

import (
	"bytes"
	"encoding/csv"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// importSheet is a small list as organisations keep them: a day-month
// beside a year, a county with a trailing space, an unknown place and a
// row without a year.
const importSheet = "Name,County,Year,Day,Status,Gender\n" +
	"Amina,Nairobi,2016,1-Jan,Dead,F\n" +
	"Baraka,Mombasa ,2015,3-Mar,Missing,M\n" +
	"Chege,Atlantis,2014,2-Feb,Dead,M\n" +
	"Dan,Kisumu,,5-May,Dead,M\n" +
	"Esther,Kisumu,2016,31-Feb,Dead,F\n"

// uploadSheet posts a spreadsheet to the import page as a browser does.
func (c *testClient) uploadSheet(filename string, content []byte) response {
	c.tb.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf", c.csrf)
	fw, _ := mw.CreateFormFile("file", filename)
	fw.Write(content)
	mw.Close()
	req, err := http.NewRequest(http.MethodPost, c.app.srv.URL+"/imports", &body)
	if err != nil {
		c.tb.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// importMappingForm maps importSheet's columns.
func importMappingForm(action string) url.Values {
	return url.Values{"action": {action}, "system": {"test-sheet"}, "country": {"KE"},
		"field_0": {"victim.name"}, "field_1": {"incident.county"}, "field_2": {"incident.date"}, "field_3": {"incident.date"},
		"field_4": {"act.outcome"}, "field_5": {"victim.sex"}, "title_template": {"Police killing in {County}"},
		"const_incident.type": {"extrajudicial_execution"}, "const_act.type": {"killing"},
		"vfrom_act.outcome": {"Dead", "Missing"}, "vto_act.outcome": {"killed", "missing"},
		"vfrom_victim.sex": {"F", "M"}, "vto_victim.sex": {"female", "male"}}
}

// waitImport waits for the job's run to end.
func waitImport(t *testing.T, app *testApp, id string) {
	t.Helper()
	for range 500 {
		app.server.imports.mu.Lock()
		j := app.server.imports.jobs[id]
		app.server.imports.mu.Unlock()
		if !j.running() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the import did not finish")
}

func TestImportPages(t *testing.T) {
	storetest.Run(t, func(t *testing.T, st *store.Store) {
		app := newTestApp(t, st)
		c := app.client(t, haki.RoleDataManager)
		res := c.uploadSheet("Missing list.csv", []byte(importSheet))
		if res.status != http.StatusSeeOther || !strings.HasPrefix(res.location, "/imports/") {
			t.Fatalf("upload: %d %q %s", res.status, res.location, res.body)
		}
		page := res.location
		id := strings.TrimPrefix(page, "/imports/")
		res = c.get(page)
		if res.status != http.StatusOK {
			t.Fatalf("map page: %d", res.status)
		}
		selects := htmlNodes(t, res.body, func(n *html.Node) bool { return n.Data == "select" && strings.HasPrefix(htmlAttr(n, "name"), "field_") })
		if len(selects) != 6 || !strings.Contains(res.body, "test") && !strings.Contains(res.body, "missing-list") {
			t.Errorf("%d column selects", len(selects))
		}
		// Another user does not see the import.
		if res := app.client(t, haki.RoleAdmin).get(page); res.status != http.StatusNotFound {
			t.Errorf("admin opened another's import: %d", res.status)
		}
		// A dry run: three rows pass (one with its date unknown), two are
		// rejected with their reasons.
		if res := c.post(page+"/mapping", importMappingForm("preview")); res.status != http.StatusSeeOther {
			t.Fatalf("preview: %d %s", res.status, res.body)
		}
		waitImport(t, app, id)
		res = c.get(page + "/status")
		for _, want := range []string{"Atlantis", "There is no day 31", "rejected.csv"} {
			if !strings.Contains(res.body, want) {
				t.Errorf("status lacks %q:\n%s", want, res.body)
			}
		}
		if n := len(htmlNodes(t, res.body, func(n *html.Node) bool { return n.Data == "input" && htmlAttr(n, "name") == "mode" })); n != 2 {
			t.Errorf("%d commit choices after the dry run", n)
		}
		// All or nothing writes nothing; only the valid rows writes three.
		c.post(page+"/run", url.Values{"mode": {"all"}})
		waitImport(t, app, id)
		if res := c.get(page + "/status"); !strings.Contains(res.body, "Nothing was written") {
			t.Errorf("all or nothing:\n%s", res.body)
		}
		c.post(page+"/run", url.Values{"mode": {"valid"}})
		waitImport(t, app, id)
		job := app.server.imports.jobs[id]
		if rep := job.Report; rep == nil || !rep.Committed || rep.Created != 3 || rep.Rejected != 2 {
			t.Fatalf("valid only: %+v %s", rep, job.Err)
		}
		c.post(page+"/run", url.Values{"mode": {"valid"}})
		waitImport(t, app, id)
		if rep := job.Report; rep.Created != 0 || rep.Unchanged != 3 {
			t.Errorf("re-run: %+v", rep)
		}
		res = c.get(page + "/rejected.csv")
		recs, err := csv.NewReader(strings.NewReader(res.body)).ReadAll()
		if err != nil || len(recs) != 3 || recs[0][6] != "reason" || recs[1][1] != "Atlantis" {
			t.Errorf("rejected rows: %v %q", err, recs)
		}
		// The mapping saved by name is offered on the next upload.
		form := importMappingForm("save")
		form.Set("name", "Test list")
		if res := c.post(page+"/mapping", form); res.status != http.StatusSeeOther {
			t.Fatalf("save: %d %s", res.status, res.body)
		}
		if res := c.get("/imports"); !strings.Contains(res.body, "Test list") {
			t.Error("the saved mapping is not listed")
		}
		// A mapping missing a needed field is refused beside the form.
		bad := importMappingForm("preview")
		bad.Del("const_incident.type")
		if res := c.post(page+"/mapping", bad); res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "incident.type") {
			t.Errorf("bad mapping: %d", res.status)
		}
	})
}

func TestImportPageSwahili(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	c := app.client(t, haki.RoleAdmin)
	c.post("/lang", url.Values{"lang": {"sw"}})
	res := c.get("/imports")
	if res.status != http.StatusOK || !strings.Contains(res.body, "Ingiza lahajedwali") {
		t.Errorf("sw: %d", res.status)
	}
	if res := app.client(t, haki.RoleCaseworker).get("/imports"); res.status != http.StatusForbidden {
		t.Errorf("caseworker: %d", res.status)
	}
}
