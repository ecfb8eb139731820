package web

import (
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// storyWorld is a case of Halima Abdi's in the caseworkers' team, with her
// publication consent given, and a story on it.
type storyWorld struct {
	kase  *haki.Case
	story *haki.Story
}

// mustStory writes a story on a fresh case with publication consent given;
// publish approves it.
func mustStory(tb testing.TB, app *testApp, title, body string, publish bool) *storyWorld {
	tb.Helper()
	st, dm := app.store, storetest.As(app.users[haki.RoleDataManager])
	w := &storyWorld{kase: mustCase(tb, st, app.users[haki.RoleAdmin], app.users[haki.RoleCaseworker].TeamID, false)}
	w.consent(tb, app, "given", 2)
	w.story = &haki.Story{CaseID: w.kase.ID, Title: title, Body: body}
	if err := st.CreateStory(storetest.As(app.users[haki.RoleCaseworker]), w.story); err != nil {
		tb.Fatal(err)
	}
	if publish {
		pub, err := st.PublishStory(dm, w.kase.ID, w.story.ID, w.story.Version)
		if err != nil {
			tb.Fatal(err)
		}
		w.story = pub
	}
	return w
}

func (w *storyWorld) consent(tb testing.TB, app *testApp, decision string, daysAgo int) {
	tb.Helper()
	c := &haki.Consent{CaseID: w.kase.ID, Purpose: haki.ConsentPublication, Decision: decision,
		DecidedOn: haki.Today(app.store.Now()).AddDate(0, 0, -daysAgo), Method: "verbal", Language: "sw"}
	if err := app.store.RecordConsent(storetest.As(app.users[haki.RoleDataManager]), c); err != nil {
		tb.Fatal(err)
	}
}

// storyIDs gives the story routes a fresh case and an unpublished story on it.
func storyIDs(tb testing.TB, app *testApp) map[string]string {
	w := mustStory(tb, app, "A title", "A story for the route test.", false)
	return map[string]string{"id": w.kase.ID, "story": w.story.ID}
}

// storyRefs gives the route test a published story.
func storyRefs(tb testing.TB, app *testApp) map[string]string {
	return map[string]string{"{ref}": mustStory(tb, app, "A title", "A published story.", true).story.Ref}
}

// storyPaths are every portal answer about stories, for one published story.
func storyPaths(ref string) []string {
	return []string{"/portal/stories", "/portal/stories?lang=sw", "/portal/stories?page=2", "/portal/stories/" + ref,
		"/portal/stories/" + ref + "?lang=sw", "/portal/data/stories.csv", "/portal/data/stories.json"}
}

// TestPortalStoryAnswers: the story pages and files are public, set no
// cookie, are cacheable and revalidated (ETag, 304), run no script and weigh under 50 KB, even for a
// story of the longest text allowed.
func TestPortalStoryAnswers(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	long := strings.Repeat("Haki ilipatikana baada ya miaka minne. ", 10000/39)
	w := mustStory(t, app, "Justice after four years", long[:len(long)-1], true)
	for i := 0; i < 25; i++ { // enough for a second page of the list
		mustStory(t, app, "Another story", strings.Repeat("Words of another story. ", 400), true)
	}
	c := app.client(t, "")
	for _, path := range append(storyPaths(w.story.Ref), "/portal", "/portal/data", "/portal/data?lang=sw") {
		res := c.get(path)
		if res.status != http.StatusOK {
			t.Errorf("%s: status %d", path, res.status)
			continue
		}
		if sc := res.header.Values("Set-Cookie"); len(sc) > 0 {
			t.Errorf("%s sets a cookie: %v", path, sc)
		}
		if cc := res.header.Get("Cache-Control"); cc != portalMaxAge || res.header.Get("ETag") == "" {
			t.Errorf("%s Cache-Control %q ETag %q", path, cc, res.header.Get("ETag"))
		}
		req, _ := http.NewRequest(http.MethodGet, app.srv.URL+path, nil)
		req.Header.Set("If-None-Match", res.header.Get("ETag"))
		if again := c.do(req); again.status != http.StatusNotModified {
			t.Errorf("%s revalidation: %d", path, again.status)
		}
		if n := len(res.body); n >= 50*1024 && !strings.HasPrefix(path, "/portal/data/") {
			t.Errorf("%s weighs %d bytes", path, n)
		}
		if strings.HasPrefix(res.header.Get("Content-Type"), "text/html") {
			for _, bad := range []string{"<script", "src=\"http", "href=\"http", "@import", "url(http"} {
				if strings.Contains(res.body, bad) {
					t.Errorf("%s holds %q", path, bad)
				}
			}
		}
	}
	if home := c.get("/portal"); !strings.Contains(home.body, `href="/portal/stories"`) {
		t.Error("/portal does not link to the stories")
	}
	if data := c.get("/portal/data"); !strings.Contains(data.body, "stories.csv") || !strings.Contains(data.body, "published_on") {
		t.Error("the data dictionary lacks the stories")
	}
	if sw := c.get("/portal/stories?lang=sw"); !strings.Contains(sw.body, "Simulizi") {
		t.Errorf("Kiswahili list: %s", sw.body)
	}
	if one := c.get("/portal/stories/" + w.story.Ref); !strings.Contains(one.body, "Haki ilipatikana baada ya miaka minne.") {
		t.Error("the story's text is not shown as written")
	}
	for _, path := range []string{"/portal/stories/STORY-2024-999999", "/portal/stories?page=x"} {
		res := c.get(path)
		if res.status != http.StatusNotFound && res.status != http.StatusUnprocessableEntity || len(res.header.Values("Set-Cookie")) > 0 {
			t.Errorf("%s: %d", path, res.status)
		}
	}
}

// TestPortalStoriesNeverShowMoreThanAgreed: of four stories only the one
// approved with consent given appears, in every portal answer; a story
// never approved, one edited after approval, and one whose client withdrew
// consent appear in none, and no answer shows the client's name or the
// case's reference.
func TestPortalStoriesNeverShowMoreThanAgreed(t *testing.T) {
	storetest.Run(t, func(t *testing.T, st *store.Store) {
		app := newTestApp(t, st)
		shown := mustStory(t, app, "Shown story title", "The approved text.", true)
		draft := mustStory(t, app, "Draft story title", "The draft text nobody approved.", false)
		edited := mustStory(t, app, "Edited story title", "The first approved text.", true)
		withdrawn := mustStory(t, app, "Withdrawn story title", "The text whose consent was withdrawn.", true)

		edit := &haki.Story{ID: edited.story.ID, CaseID: edited.kase.ID, Title: "Edited story title", Body: "The unapproved second text.",
			Version: edited.story.Version}
		if err := st.UpdateStory(storetest.As(app.users[haki.RoleCaseworker]), edit); err != nil {
			t.Fatal(err)
		}
		c := app.client(t, "")
		for _, path := range storyPaths(withdrawn.story.Ref) { // fills the portal's cache before the withdrawal
			c.get(path)
		}
		withdrawn.consent(t, app, "withdrawn", 0)

		never := []string{"Draft story", "nobody approved", "Edited story", "first approved", "unapproved second", "Withdrawn story",
			"consent was withdrawn", "Halima", edited.story.Ref, withdrawn.story.Ref}
		for _, w := range []*storyWorld{shown, draft, edited, withdrawn} {
			never = append(never, w.kase.Ref, w.kase.ID, w.kase.ClientID, w.story.ID)
		}
		paths := append(storyPaths(shown.story.Ref), portalPaths("PUB-2024-000001")...)
		for _, path := range paths {
			res := c.get(path)
			for _, s := range never {
				if strings.Contains(res.body, s) {
					t.Errorf("%s shows %q", path, s)
				}
			}
		}
		for _, ref := range []string{edited.story.Ref, withdrawn.story.Ref} {
			if res := c.get("/portal/stories/" + ref); res.status != http.StatusNotFound {
				t.Errorf("%s: %d", ref, res.status)
			}
		}
		if res := c.get("/portal/stories/" + shown.story.Ref); !strings.Contains(res.body, "The approved text.") {
			t.Error("the approved story is not shown")
		}
		rows, err := csv.NewReader(strings.NewReader(c.get("/portal/data/stories.csv").body)).ReadAll()
		if err != nil || len(rows) != 2 || rows[1][0] != shown.story.Ref || rows[1][2] != "The approved text." {
			t.Fatalf("csv: %v %v", rows, err)
		}
		var doc struct {
			Stories []map[string]any `json:"stories"`
		}
		if err := json.Unmarshal([]byte(c.get("/portal/data/stories.json").body), &doc); err != nil || len(doc.Stories) != 1 || len(doc.Stories[0]) != 4 {
			t.Fatalf("json: %+v %v", doc, err)
		}
	})
}

// TestCaseStoriesSection: a caseworker writes a story from the case page
// and cannot publish it; a data manager publishes it, which needs the
// client's consent; an edit takes it off the portal.
func TestCaseStoriesSection(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	cw, dm := app.client(t, haki.RoleCaseworker), app.client(t, haki.RoleDataManager)
	kase := mustCase(t, app.store, app.users[haki.RoleAdmin], app.users[haki.RoleCaseworker].TeamID, false)
	page := cw.get("/cases/" + kase.ID)
	if !strings.Contains(page.body, `id="stories"`) || !strings.Contains(page.body, "/cases/"+kase.ID+"/stories/new") {
		t.Fatalf("the case page lacks the stories section")
	}
	if res := cw.get("/cases/" + kase.ID + "/stories/new"); res.status != http.StatusOK || !strings.Contains(res.body, `name="body"`) {
		t.Fatalf("new story form: %d", res.status)
	}
	if res := cw.post("/cases/"+kase.ID+"/stories", url.Values{"title": {""}, "body": {"x"}}); res.status != http.StatusUnprocessableEntity {
		t.Fatalf("story without a title: %d", res.status)
	}
	if res := cw.post("/cases/"+kase.ID+"/stories", url.Values{"title": {"Walking again"}, "body": {"After months of care she walks again."}}); res.status != http.StatusSeeOther {
		t.Fatalf("write: %d %s", res.status, res.body)
	}
	list, err := app.store.FindStories(storetest.As(app.users[haki.RoleCaseworker]), kase.ID)
	if err != nil || len(list) != 1 {
		t.Fatalf("stories: %v %v", list, err)
	}
	story := list[0]
	page = cw.get("/cases/" + kase.ID)
	if !strings.Contains(page.body, "Walking again") || strings.Contains(page.body, "/publish\"") {
		t.Errorf("caseworker's view of the story: publish button or no story")
	}
	if res := cw.post("/cases/"+kase.ID+"/stories/"+story.ID+"/publish", url.Values{"version": {"1"}}); res.status != http.StatusForbidden {
		t.Errorf("caseworker publishes: %d", res.status)
	}
	// No consent: the data manager's publication is refused, on the case page.
	res := dm.post("/cases/"+kase.ID+"/stories/"+story.ID+"/publish", url.Values{"version": {"1"}})
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "consent to publication") {
		t.Fatalf("publish without consent: %d", res.status)
	}
	w := &storyWorld{kase: kase}
	w.consent(t, app, "given", 1)
	if page := dm.get("/cases/" + kase.ID); !strings.Contains(page.body, "/stories/"+story.ID+"/publish") {
		t.Fatalf("the data manager has no publish button")
	}
	if res := dm.post("/cases/"+kase.ID+"/stories/"+story.ID+"/publish", url.Values{"version": {"1"}}); res.status != http.StatusSeeOther {
		t.Fatalf("publish: %d %s", res.status, res.body)
	}
	story, err = app.store.FindStory(storetest.As(app.users[haki.RoleDataManager]), kase.ID, story.ID)
	if err != nil || !story.OnPortal {
		t.Fatalf("published: %+v %v", story, err)
	}
	anon := app.client(t, "")
	if res := anon.get("/portal/stories/" + story.Ref); res.status != http.StatusOK || !strings.Contains(res.body, "she walks again") {
		t.Fatalf("portal: %d", res.status)
	}
	if res := cw.get("/cases/" + kase.ID + "/stories/" + story.ID + "/edit"); res.status != http.StatusOK || !strings.Contains(res.body, "Walking again") {
		t.Fatalf("edit form: %d", res.status)
	}
	if res := cw.post("/cases/"+kase.ID+"/stories/"+story.ID, url.Values{"title": {"Walking again"}, "body": {"Changed text."}, "version": {"1"}}); res.status != http.StatusSeeOther {
		t.Fatalf("edit: %d", res.status)
	}
	if res := anon.get("/portal/stories/" + story.Ref); res.status != http.StatusNotFound {
		t.Errorf("edited story still on the portal: %d", res.status)
	}
	if res := cw.post("/cases/"+kase.ID+"/stories/"+story.ID+"/delete", url.Values{"version": {"2"}}); res.status != http.StatusSeeOther {
		t.Errorf("delete: %d", res.status)
	}
}
