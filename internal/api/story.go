package api

import (
	"net/http"

	"github.com/haki-kenya/haki"
)

// Stories written for publication on a case (store/story.go). Reading
// them needs case.read on a case the caller sees; writing, case.write;
// publishing and unpublishing, incident.verify (data managers and
// administrators), and publishing also the client's publication consent.

// StoryJSON is what a caller writes of a story; version is the version
// read (for a change, and for publishing: the version approved).
type StoryJSON struct {
	Title   string `json:"title"`
	Body    string `json:"body"`
	Version int    `json:"version,omitempty"`
}

// StoryVersionJSON names the version of a story being approved.
type StoryVersionJSON struct {
	Version int `json:"version"`
}

func (s *Server) listStories(w http.ResponseWriter, r *http.Request) error {
	list, err := s.store.FindStories(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeList(w, list, "")
}

func (s *Server) getStory(w http.ResponseWriter, r *http.Request) error {
	st, err := s.store.FindStory(r.Context(), r.PathValue("id"), r.PathValue("story"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, st)
}

func (s *Server) createStory(w http.ResponseWriter, r *http.Request) error {
	var in StoryJSON
	if err := decode(w, r, &in); err != nil {
		return err
	}
	st := &haki.Story{CaseID: r.PathValue("id"), Title: in.Title, Body: in.Body}
	if err := s.store.CreateStory(r.Context(), st); err != nil {
		return err
	}
	return writeCreated(w, v1+"/cases/"+st.CaseID+"/stories/"+st.ID, st)
}

// updateStory replaces the title and text; a published story leaves the
// portal until approved again.
func (s *Server) updateStory(w http.ResponseWriter, r *http.Request) error {
	var in StoryJSON
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := requireVersion(in.Version); err != nil {
		return err
	}
	st := &haki.Story{ID: r.PathValue("story"), CaseID: r.PathValue("id"), Title: in.Title, Body: in.Body, Version: in.Version}
	if err := s.store.UpdateStory(r.Context(), st); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, st)
}

// deleteStory deletes a story that is not published, as read (?version=).
func (s *Server) deleteStory(w http.ResponseWriter, r *http.Request) error {
	v, err := intParam(r, "version")
	if err != nil {
		return err
	}
	if err := requireVersion(v); err != nil {
		return err
	}
	if err := s.store.DeleteStory(r.Context(), r.PathValue("id"), r.PathValue("story"), v); err != nil {
		return err
	}
	return noContent(w)
}

func (s *Server) publishStory(w http.ResponseWriter, r *http.Request) error {
	var in StoryVersionJSON
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := requireVersion(in.Version); err != nil {
		return err
	}
	st, err := s.store.PublishStory(r.Context(), r.PathValue("id"), r.PathValue("story"), in.Version)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, st)
}

func (s *Server) unpublishStory(w http.ResponseWriter, r *http.Request) error {
	if err := s.store.UnpublishStory(r.Context(), r.PathValue("id"), r.PathValue("story")); err != nil {
		return err
	}
	return noContent(w)
}
