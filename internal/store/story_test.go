package store_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// storyWorld is a case of Amani Wekesa's, worked by a caseworker, with a
// data manager, an administrator and a network professional assigned.
type storyWorld struct {
	dm, admin, cw, prof, other context.Context
	client                     *haki.Person
	kase                       *haki.Case
}

func newStoryWorld(t *testing.T, s *store.Store) *storyWorld {
	t.Helper()
	cw := storetest.MustUser(t, s, "cw", haki.RoleCaseworker, "")
	w := &storyWorld{
		dm:    storetest.As(storetest.MustUser(t, s, "dm", haki.RoleDataManager, "")),
		admin: storetest.As(storetest.MustUser(t, s, "admin", haki.RoleAdmin, "")),
		cw:    storetest.As(cw),
		other: storetest.As(storetest.MustUser(t, s, "cw2", haki.RoleCaseworker, "")),
	}
	prof := storetest.MustUser(t, s, "prof", haki.RoleProfessional, "")
	w.prof = storetest.As(prof)
	w.client = mustPrivacyPerson(t, s, w.dm, "Amani Wekesa", "female")
	w.kase = &haki.Case{ClientID: w.client.ID, ClientRelation: "survivor", IntakeDate: haki.Today(s.Now()).AddDate(0, 0, -3),
		IntakeChannel: "walk_in", Status: "active", Summary: "Secret case summary", CaseworkerID: cw.ID, AssigneeIDs: []string{prof.ID}}
	if err := s.CreateCase(w.dm, w.kase); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *storyWorld) consent(t *testing.T, s *store.Store, decision string, daysAgo int) {
	t.Helper()
	if err := s.RecordConsent(w.dm, consent(w.kase.ID, haki.ConsentPublication, decision, haki.Today(s.Now()).AddDate(0, 0, -daysAgo))); err != nil {
		t.Fatal(err)
	}
}

// portalStoryAnswers is everything the portal gives of stories: the list,
// and the one story by ref (nil when not shown), as JSON.
func portalStoryAnswers(t *testing.T, s *store.Store, ref string) ([]haki.PortalStory, *haki.PortalStory, string) {
	t.Helper()
	ctx := context.Background() // the public: nobody signed in
	list, err := s.PortalStories(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var one *haki.PortalStory
	if ref != "" {
		one, err = s.PortalStory(ctx, ref)
		if err != nil && haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Fatal(err)
		}
	}
	b, _ := json.Marshal([]any{list, one})
	return list, one, string(b)
}

// TestStoryPublication: a story reaches the portal only once a data manager
// or administrator approved its current version while the client's
// publication consent is given; an edit, an unpublication, a withdrawal of
// consent or the client's erasure takes it off at once; the portal shows the
// story as written and nothing of the case.
func TestStoryPublication(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newStoryWorld(t, s)
		shown := func(ref string) bool {
			t.Helper()
			list, one, all := portalStoryAnswers(t, s, ref)
			for _, secret := range []string{"Amani", "Wekesa", "Secret case summary", w.kase.Ref, w.kase.ID, w.client.ID} {
				if strings.Contains(all, secret) {
					t.Errorf("the portal shows %q: %s", secret, all)
				}
			}
			if (one != nil) != (len(list) == 1) || len(list) > 1 {
				t.Errorf("list %d, one %v", len(list), one)
			}
			return one != nil
		}

		// Who may write: staff who may write on the case and see it.
		st := &haki.Story{CaseID: w.kase.ID, Title: "  A mother's search  ", Body: "She looked for her son for three weeks.\r\nShe did not give up."}
		for _, ctx := range []context.Context{w.prof, context.Background()} {
			if err := s.CreateStory(ctx, &haki.Story{CaseID: w.kase.ID, Title: "t", Body: "b"}); haki.ErrorCode(err) != haki.EFORBIDDEN && haki.ErrorCode(err) != haki.EUNAUTHORIZED {
				t.Errorf("a story written without case.write: %v", err)
			}
		}
		if err := s.CreateStory(w.other, &haki.Story{CaseID: w.kase.ID, Title: "t", Body: "b"}); haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Errorf("a caseworker wrote on a case not theirs: %v", err)
		}
		if err := s.CreateStory(w.cw, &haki.Story{CaseID: w.kase.ID}); haki.ErrorFields(err)["title"] == "" || haki.ErrorFields(err)["body"] == "" {
			t.Errorf("empty story: %v", err)
		}
		if err := s.CreateStory(w.cw, &haki.Story{CaseID: w.kase.ID, Title: "one\ntwo", Body: strings.Repeat("x", 10001)}); haki.ErrorFields(err)["title"] == "" || haki.ErrorFields(err)["body"] == "" {
			t.Errorf("bad story: %v", err)
		}
		if err := s.CreateStory(w.cw, st); err != nil {
			t.Fatal(err)
		}
		if st.Title != "A mother's search" || st.Body != "She looked for her son for three weeks.\nShe did not give up." || st.Version != 1 || st.Published {
			t.Fatalf("created: %+v", st)
		}
		// Only a data manager or administrator publishes, and only with consent.
		for _, ctx := range []context.Context{w.cw, w.prof, context.Background()} {
			if _, err := s.PublishStory(ctx, w.kase.ID, st.ID, 1); err == nil {
				t.Errorf("published without incident.verify")
			}
		}
		if _, err := s.PublishStory(w.dm, w.kase.ID, st.ID, 1); haki.ErrorFields(err)["consent"] == "" {
			t.Fatalf("published without consent: %v", err)
		}
		w.consent(t, s, "refused", 5)
		if _, err := s.PublishStory(w.admin, w.kase.ID, st.ID, 1); haki.ErrorFields(err)["consent"] == "" {
			t.Fatalf("published against a refusal: %v", err)
		}
		if list, _, _ := portalStoryAnswers(t, s, ""); len(list) != 0 {
			t.Fatalf("unpublished story shown: %+v", list)
		}
		w.consent(t, s, "given", 4)
		if _, err := s.PublishStory(w.dm, w.kase.ID, st.ID, 2); haki.ErrorCode(err) != haki.ECONFLICT {
			t.Fatalf("approved a version not read: %v", err)
		}
		pub, err := s.PublishStory(w.dm, w.kase.ID, st.ID, 1)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(pub.Ref, "STORY-") || !pub.Published || !pub.OnPortal {
			t.Fatalf("published: %+v", pub)
		}
		ref := pub.Ref
		if !shown(ref) {
			t.Fatal("a published, consented story is not shown")
		}
		staff, err := s.FindStory(w.cw, w.kase.ID, st.ID)
		if err != nil || staff.PublishedAt == nil || !staff.OnPortal {
			t.Fatalf("staff view: %+v %v", staff, err)
		}
		one, err := s.PortalStory(context.Background(), strings.ToLower(ref))
		if err != nil || one.Title != st.Title || one.Body != st.Body || one.Ref != ref || !one.PublishedAt.Equal(*staff.PublishedAt) {
			t.Fatalf("shown: %+v %v", one, err)
		}
		if _, err := s.PublishStory(w.dm, w.kase.ID, st.ID, 1); haki.ErrorFields(err)["story"] == "" {
			t.Errorf("published twice: %v", err)
		}
		if err := s.DeleteStory(w.cw, w.kase.ID, st.ID, 1); haki.ErrorFields(err)["story"] == "" {
			t.Errorf("deleted while published: %v", err)
		}

		// Editing un-publishes until approved again.
		edit := &haki.Story{ID: st.ID, CaseID: w.kase.ID, Title: st.Title, Body: "An edited text nobody approved.", Version: 1}
		if err := s.UpdateStory(w.cw, edit); err != nil {
			t.Fatal(err)
		}
		if edit.Version != 2 || edit.Published || edit.Ref != ref {
			t.Fatalf("edited: %+v", edit)
		}
		if shown(ref) {
			t.Fatal("an edited, unapproved story is shown")
		}
		if _, _, all := portalStoryAnswers(t, s, ref); strings.Contains(all, "nobody approved") {
			t.Fatal("unapproved text shown")
		}
		if err := s.UpdateStory(w.cw, &haki.Story{ID: st.ID, CaseID: w.kase.ID, Title: "x", Body: "y", Version: 1}); haki.ErrorCode(err) != haki.ECONFLICT {
			t.Fatalf("stale edit: %v", err)
		}
		again, err := s.PublishStory(w.admin, w.kase.ID, st.ID, 2)
		if err != nil {
			t.Fatal(err)
		}
		if again.Ref != ref || !shown(ref) {
			t.Fatalf("re-approved: %+v", again)
		}

		// A withdrawal of consent takes it off at once, a new consent brings it back.
		w.consent(t, s, "withdrawn", 2)
		if shown(ref) {
			t.Fatal("shown after the consent was withdrawn")
		}
		stories, err := s.FindStories(w.cw, w.kase.ID)
		if err != nil || len(stories) != 1 || !stories[0].Published || stories[0].Consent || stories[0].OnPortal {
			t.Fatalf("staff view after withdrawal: %+v %v", stories, err)
		}
		w.consent(t, s, "given", 1)
		if !shown(ref) {
			t.Fatal("not shown after consent given again")
		}

		// Unpublishing takes it off; the text and reference stay.
		if err := s.UnpublishStory(w.cw, w.kase.ID, st.ID); err == nil {
			t.Error("a caseworker unpublished")
		}
		if err := s.UnpublishStory(w.dm, w.kase.ID, st.ID); err != nil {
			t.Fatal(err)
		}
		if shown(ref) {
			t.Fatal("shown after unpublication")
		}
		if err := s.UnpublishStory(w.dm, w.kase.ID, st.ID); haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Errorf("unpublished twice: %v", err)
		}
		if _, err := s.PublishStory(w.dm, w.kase.ID, st.ID, 2); err != nil {
			t.Fatal(err)
		}
		if !shown(ref) {
			t.Fatal("not shown after publication again")
		}

		// Erasing the client empties the story and takes it off for good.
		if err := s.ErasePerson(w.admin, w.client.ID, "asked to be forgotten"); err != nil {
			t.Fatal(err)
		}
		if shown(ref) {
			t.Fatal("shown after the client was erased")
		}
		stories, err = s.FindStories(w.dm, w.kase.ID)
		if err != nil || len(stories) != 1 || stories[0].Title != "" || stories[0].Body != "" || stories[0].OnPortal {
			t.Fatalf("after erasure: %+v %v", stories, err)
		}
		if _, err := s.PublishStory(w.dm, w.kase.ID, st.ID, 2); haki.ErrorFields(err)["story"] == "" {
			t.Errorf("an emptied story published: %v", err)
		}
		// A story written on the case after the erasure is never published either.
		late := &haki.Story{CaseID: w.kase.ID, Title: "Written after", Body: "A new text."}
		if err := s.CreateStory(w.cw, late); err != nil {
			t.Fatal(err)
		}
		if _, err := s.PublishStory(w.dm, w.kase.ID, late.ID, 1); haki.ErrorFields(err)["story"] == "" {
			t.Errorf("a story of an erased client published: %v", err)
		}
		if list, _, _ := portalStoryAnswers(t, s, ""); len(list) != 0 {
			t.Errorf("shown after erasure: %+v", list)
		}
	})
}

// TestStoryAudit: every write is audited as a story, sealed; a draft can
// be deleted.
func TestStoryAudit(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newStoryWorld(t, s)
		w.consent(t, s, "given", 1)
		st := &haki.Story{CaseID: w.kase.ID, Title: "Justice after four years", Body: "The court heard the case."}
		if err := s.CreateStory(w.cw, st); err != nil {
			t.Fatal(err)
		}
		if _, err := s.PublishStory(w.dm, w.kase.ID, st.ID, 1); err != nil {
			t.Fatal(err)
		}
		if err := s.UnpublishStory(w.dm, w.kase.ID, st.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.UpdateStory(w.cw, &haki.Story{ID: st.ID, CaseID: w.kase.ID, Title: st.Title, Body: "Edited.", Version: 1}); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteStory(w.cw, w.kase.ID, st.ID, 1); haki.ErrorCode(err) != haki.ECONFLICT {
			t.Fatalf("stale delete: %v", err)
		}
		if err := s.DeleteStory(w.cw, w.kase.ID, st.ID, 2); err != nil {
			t.Fatal(err)
		}
		if _, err := s.FindStory(w.dm, w.kase.ID, st.ID); haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Fatalf("deleted story found: %v", err)
		}
		entries, err := s.FindAuditEntries(w.admin, haki.AuditFilter{Entity: "story"})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range entries {
			actions = append(actions, e.Action)
		}
		if got := strings.Join(actions, ","); got != "delete,update,unpublish,publish,create" {
			t.Fatalf("audit: %s", got)
		}
	})
}
