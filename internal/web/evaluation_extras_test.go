package web

import (
	"bytes"
	"image"
	pngpkg "image/png"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
	"golang.org/x/net/html"
)

// TestEvaluationInstruments: the PHQ-9 answered in rows of radio buttons
// is scored on the server (the total and band shown when saved); half
// answered, a Save shows what is missing while a background save keeps
// the stored result and saves the rest; a P3 answer is kept by its
// "section.field" key and a bad one shown beside its field.
func TestEvaluationInstruments(t *testing.T) {
	storetest.Run(t, func(t *testing.T, st *store.Store) {
		app := newTestApp(t, st)
		path := "/evaluations/" + evaluationIDs(t, app)["id"]
		doc := app.client(t, haki.RoleProfessional)
		phq := func(v url.Values, n int, answer string) url.Values {
			v.Set("extras_shown", "1")
			for i := 1; i <= n; i++ {
				v.Set("instrument_phq9_q"+strconv.Itoa(i), answer)
			}
			return v
		}
		if res := doc.post(path, phq(evaluationForm(1, "finding_rows", "0"), 9, "2")); res.status != http.StatusSeeOther {
			t.Fatalf("save the PHQ-9: %d %s", res.status, res.body)
		}
		res := doc.get(path)
		results := htmlNodes(t, res.body, func(n *html.Node) bool { return htmlAttr(n, "class") == "instrument-result" })
		if len(results) != 1 || !strings.Contains(htmlText(results[0]), "18") || !strings.Contains(htmlText(results[0]), "Moderately severe") {
			t.Errorf("the PHQ-9's total and band are not shown")
		}
		if !strings.Contains(res.body, "Thoughts of death or self-harm") {
			t.Error("question 9's flag is not shown")
		}

		half := phq(evaluationForm(2, "finding_rows", "0"), 4, "1")
		if res := doc.post(path, half); res.status != http.StatusUnprocessableEntity || errorIn(t, res.body, "instrument_phq9_q5") == "" {
			t.Errorf("a half-answered PHQ-9 saved: %d", res.status)
		}
		half.Set("account", "Saved while the PHQ-9 is half answered.")
		half.Set("csrf", doc.csrf)
		req, _ := http.NewRequest(http.MethodPost, app.srv.URL+path, strings.NewReader(half.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set(autosaveHeader, "1")
		if res := doc.do(req); res.status != 200 || !strings.Contains(res.body, `"partial":true`) {
			t.Errorf("background save with a half-answered PHQ-9: %d %s", res.status, res.body)
		}
		e, err := app.store.FindEvaluation(storetest.As(app.users[haki.RoleProfessional]), strings.TrimPrefix(path, "/evaluations/"))
		if err != nil || e.Account != "Saved while the PHQ-9 is half answered." || len(e.Instruments) != 1 || e.Instruments[0].Total != 18 {
			t.Errorf("after the background save: %v %+v", err, e)
		}

		var dateField string
		for _, f := range haki.ClinicalForms() {
			for _, sec := range f.Sections {
				for _, fd := range sec.Fields {
					if f.Code == "p3" && fd.Kind == "date" && dateField == "" {
						dateField = "form_p3_" + sec.Key + "." + fd.Key
					}
				}
			}
		}
		if dateField == "" {
			t.Fatal("the P3 has no date field")
		}
		form := phq(evaluationForm(3, "finding_rows", "0"), 9, "2")
		form.Set(dateField, "yesterday")
		if res := doc.post(path, form); res.status != http.StatusUnprocessableEntity || fieldErrorOf(t, res.body, dateField) == "" {
			t.Errorf("a bad P3 date saved: %d", res.status)
		}
		form.Set(dateField, "2026-03-01")
		if res := doc.post(path, form); res.status != http.StatusSeeOther {
			t.Fatalf("save the P3: %d", res.status)
		}
		if res := doc.get(path); len(htmlNodes(t, res.body, func(n *html.Node) bool {
			return htmlAttr(n, "name") == dateField && htmlAttr(n, "value") == "2026-03-01"
		})) != 1 {
			t.Error("the P3 answer is not shown again")
		}
	})
}

// TestEvaluationPhotograph: a photograph uploaded from the evaluation (a
// clinical file of the case) comes back to it, is offered under each
// finding, and is kept on the finding chosen.
func TestEvaluationPhotograph(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	id := evaluationIDs(t, app)["id"]
	e, err := app.store.FindEvaluation(storetest.As(app.users[haki.RoleProfessional]), id)
	if err != nil {
		t.Fatal(err)
	}
	doc := app.client(t, haki.RoleProfessional)
	var png bytes.Buffer
	if err := pngpkg.Encode(&png, image.NewGray(image.Rect(0, 0, 2, 2))); err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, kv := range [][2]string{{"csrf", doc.csrf}, {"kind", "photo"}, {"clinical", "1"}, {"return", "/evaluations/" + id}} {
		mw.WriteField(kv[0], kv[1])
	}
	fw, _ := mw.CreateFormFile("file", "bruise.png")
	fw.Write(png.Bytes())
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, app.srv.URL+"/cases/"+e.CaseID+"/evidence", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res := doc.do(req)
	if res.status != http.StatusSeeOther || !strings.HasPrefix(res.location, "/evaluations/"+id+"?photo=") {
		t.Fatalf("upload: %d %q", res.status, res.location)
	}
	photo := strings.TrimSuffix(strings.TrimPrefix(res.location, "/evaluations/"+id+"?photo="), "#findings")
	if res := doc.post("/evaluations/"+id, evaluationForm(1, "finding_photos_1", photo)); res.status != http.StatusSeeOther {
		t.Fatalf("save with the photograph: %d %s", res.status, res.body)
	}
	page := doc.get("/evaluations/" + id)
	if len(htmlNodes(t, page.body, func(n *html.Node) bool {
		return htmlAttr(n, "name") == "finding_photos_1" && htmlAttr(n, "value") == photo && hasAttr(n, "checked")
	})) != 1 {
		t.Error("the finding's photograph is not ticked")
	}
}
