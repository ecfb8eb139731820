package web

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/csvsafe"
)

// Case stories on the public portal: /portal/stories and
// /portal/stories/{ref}, and their open data. Which story the public sees
// is the store's alone (store/portal_story.go); a story is shown exactly
// as written and approved, with its public reference and the day it was
// published, and the portal adds nothing of its case.

// portalStoriesPerPage keeps the list under the portal's weight: each
// story is listed by its title and the start of its text.
const (
	portalStoriesPerPage = 20
	portalStoryExcerpt   = 280
)

// portalStoryView is a story laid out in the page's language.
type portalStoryView struct {
	haki.PortalStory
	Published, Excerpt string
}

func storyView(st haki.PortalStory) portalStoryView {
	v := portalStoryView{PortalStory: st, Published: st.PublishedAt.In(haki.Nairobi).Format(time.DateOnly), Excerpt: st.Body}
	if utf8.RuneCountInString(v.Excerpt) > portalStoryExcerpt {
		r := []rune(v.Excerpt)[:portalStoryExcerpt]
		v.Excerpt = strings.TrimSpace(string(r)) + "…"
	}
	return v
}

// portalStoriesPage is /portal/stories.
type portalStoriesPage struct {
	portalPage
	Stories    []portalStoryView
	Prev, Next string
}

func (s *Server) portalStories(w http.ResponseWriter, r *http.Request) error {
	p := portalStoriesPage{portalPage: s.portal(r, "portal.stories.title")}
	page := 1
	if v := r.URL.Query().Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100000 {
			return haki.Errorf(haki.EINVALID, "A page is a number from 1.")
		}
		page = n
	}
	list, err := s.store.PortalStories(r.Context(), (page-1)*portalStoriesPerPage, portalStoriesPerPage+1)
	if err != nil {
		return err
	}
	if len(list) > portalStoriesPerPage {
		list = list[:portalStoriesPerPage]
		p.Next = "/portal/stories?page=" + strconv.Itoa(page+1) + p.Amp
	}
	if page > 1 {
		p.Prev = "/portal/stories?page=" + strconv.Itoa(page-1) + p.Amp
	}
	for _, st := range list {
		p.Stories = append(p.Stories, storyView(st))
	}
	return s.renderPortal(w, r, http.StatusOK, "portal_stories", p)
}

// portalStoryPage is /portal/stories/{ref}.
type portalStoryPage struct {
	portalPage
	Story portalStoryView
}

func (s *Server) portalStory(w http.ResponseWriter, r *http.Request) error {
	st, err := s.store.PortalStory(r.Context(), r.PathValue("ref"))
	if err != nil {
		return err
	}
	p := portalStoryPage{portalPage: s.portal(r, "portal.stories.title"), Story: storyView(*st)}
	p.Title = st.Title
	return s.renderPortal(w, r, http.StatusOK, "portal_story", p)
}

// portalStoryColumns are the columns of stories.csv.
var portalStoryColumns = []string{"ref", "title", "body", "published_on"}

// portalStoryJSON is one story of stories.json.
type portalStoryJSON struct {
	Ref         string `json:"ref"`
	Title       string `json:"title"`
	Body        string `json:"body"`
	PublishedOn string `json:"published_on"`
}

func (s *Server) portalStoryData(r *http.Request) ([]portalStoryJSON, error) {
	list, err := s.store.PortalStories(r.Context(), 0, 0)
	if err != nil {
		return nil, err
	}
	out := make([]portalStoryJSON, len(list))
	for i, st := range list {
		out[i] = portalStoryJSON{Ref: st.Ref, Title: st.Title, Body: st.Body, PublishedOn: storyView(st).Published}
	}
	return out, nil
}

func (s *Server) portalStoriesJSON(w http.ResponseWriter, r *http.Request) error {
	list, err := s.portalStoryData(r)
	if err != nil {
		return err
	}
	return s.portalJSON(w, r, map[string]any{"stories": list})
}

func (s *Server) portalStoriesCSV(w http.ResponseWriter, r *http.Request) error {
	list, err := s.portalStoryData(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	cw := csvsafe.NewWriter(&buf)
	_ = cw.Write(portalStoryColumns)
	for _, st := range list {
		_ = cw.Write([]string{st.Ref, st.Title, st.Body, st.PublishedOn})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return s.portalWrite(w, r, http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}
