package web

import (
	"context"
	"net/http"

	"github.com/haki-kenya/haki"
)

// Stories for publication on a case's page (story_section.html): the
// stories written for the public portal, whether the client's publication
// consent allows them, and for a data manager or administrator the
// buttons that publish and unpublish. Writing and editing is a page of its
// own (case_story_form.html). Who may do what is the store's (store/story.go).

// storiesSection is the stories part of a case's page.
type storiesSection struct {
	List []*haki.Story
	// Consent: the client's publication consent is given now.
	Consent bool
}

func (s *Server) storiesOf(ctx context.Context, c *haki.Case) (storiesSection, error) {
	list, err := s.store.FindStories(ctx, c.ID)
	if err != nil {
		return storiesSection{}, err
	}
	consent, err := s.store.StoryConsent(ctx, c.ID)
	if err != nil {
		return storiesSection{}, err
	}
	return storiesSection{List: list, Consent: consent}, nil
}

// storyFormPage writes or edits a story.
type storyFormPage struct {
	Page
	Case  *haki.Case
	Story *haki.Story
}

func (s *Server) storyNew(w http.ResponseWriter, r *http.Request) error {
	c, err := s.store.FindCaseByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	p := storyFormPage{Page: s.page(w, r, "story.new.title"), Case: c, Story: &haki.Story{CaseID: c.ID}}
	return s.render(w, r, http.StatusOK, "case_story_form", p)
}

func (s *Server) storyEdit(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	c, err := s.store.FindCaseByID(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	st, err := s.store.FindStory(ctx, c.ID, r.PathValue("story"))
	if err != nil {
		return err
	}
	p := storyFormPage{Page: s.page(w, r, "story.edit.title"), Case: c, Story: st}
	return s.render(w, r, http.StatusOK, "case_story_form", p)
}

// storySave creates (no {story}) or updates a story from the form.
func (s *Server) storySave(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	f := newForm(r)
	st := &haki.Story{ID: r.PathValue("story"), CaseID: r.PathValue("id"), Title: f.str("title"), Body: f.str("body"), Version: f.version()}
	st.Normalize()
	err := f.check(st.Validate)
	if err == nil {
		if st.ID == "" {
			err = s.store.CreateStory(ctx, st)
		} else {
			err = s.store.UpdateStory(ctx, st)
		}
	}
	if fields, ok := fieldErrors(err); ok {
		c, err := s.store.FindCaseByID(ctx, st.CaseID)
		if err != nil {
			return err
		}
		key := "story.new.title"
		if st.ID != "" {
			key = "story.edit.title"
		}
		p := storyFormPage{Page: s.page(w, r, key), Case: c, Story: st}
		p.Errors = fields
		return s.render(w, r, http.StatusUnprocessableEntity, "case_story_form", p)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/cases/"+st.CaseID+"#stories", "flash.saved")
}

// storyAction publishes, unpublishes or deletes a story from its button on
// the case page; a refusal (no consent) is shown on the case page.
func (s *Server) storyAction(action string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		ctx := r.Context()
		f := newForm(r)
		caseID, storyID := r.PathValue("id"), r.PathValue("story")
		var err error
		flash := "flash.saved"
		switch action {
		case "publish":
			_, err = s.store.PublishStory(ctx, caseID, storyID, f.version())
		case "unpublish":
			err = s.store.UnpublishStory(ctx, caseID, storyID)
		default:
			err, flash = s.store.DeleteStory(ctx, caseID, storyID, f.version()), "flash.deleted"
		}
		if fields, ok := fieldErrors(err); ok {
			p, err := s.loadCaseShow(w, r)
			if err != nil {
				return err
			}
			msg := fields["consent"]
			for _, v := range fields {
				if msg == "" {
					msg = v
				}
			}
			p.Errors = map[string]string{"story": msg}
			return s.render(w, r, http.StatusUnprocessableEntity, "case_show", p)
		} else if err != nil {
			return err
		}
		return s.redirect(w, r, "/cases/"+caseID+"#stories", flash)
	}
}
