package web

import (
	"context"
	"net/http"

	"github.com/haki-kenya/haki"
)

// sourceFormPage is the data of the form for where information came from.
type sourceFormPage struct {
	Page
	Vocab      Vocab
	Incident   *haki.Incident
	Source     *haki.Source
	SourceDate string // as typed
	Action     string
}

func (s *Server) renderSourceForm(w http.ResponseWriter, r *http.Request, p sourceFormPage, status int) error {
	var err error
	if p.Vocab, err = s.vocab(r.Context(), p.Lang, "source_kind", "reliability"); err != nil {
		return err
	}
	return s.render(w, r, status, "source_form", p)
}

// incidentAndSource finds the incident of the path and, when the path
// names one, its source; a source of another incident is not found.
func (s *Server) incidentAndSource(ctx context.Context, r *http.Request) (*haki.Incident, *haki.Source, error) {
	inc, err := s.store.FindIncidentByID(ctx, r.PathValue("id"))
	if err != nil || r.PathValue("src") == "" {
		return inc, nil, err
	}
	src, err := s.store.FindSourceByID(ctx, r.PathValue("src"))
	if err != nil {
		return nil, nil, err
	}
	if src.IncidentID != inc.ID {
		return nil, nil, haki.Errorf(haki.ENOTFOUND, "No such source.")
	}
	return inc, src, nil
}

func (s *Server) sourceNew(w http.ResponseWriter, r *http.Request) error {
	inc, _, err := s.incidentAndSource(r.Context(), r)
	if err != nil {
		return err
	}
	p := sourceFormPage{Page: s.page(w, r, "source.new.title"), Incident: inc, Source: &haki.Source{},
		Action: "/incidents/" + inc.ID + "/sources"}
	return s.renderSourceForm(w, r, p, http.StatusOK)
}

func (s *Server) sourceEdit(w http.ResponseWriter, r *http.Request) error {
	inc, src, err := s.incidentAndSource(r.Context(), r)
	if err != nil {
		return err
	}
	p := sourceFormPage{Page: s.page(w, r, "source.edit.title"), Incident: inc, Source: src,
		SourceDate: src.SourceDate.String(), Action: "/incidents/" + inc.ID + "/sources/" + src.ID}
	return s.renderSourceForm(w, r, p, http.StatusOK)
}

func (s *Server) sourceCreate(w http.ResponseWriter, r *http.Request) error {
	return s.saveSource(w, r, "source.new.title", "flash.created")
}

func (s *Server) sourceUpdate(w http.ResponseWriter, r *http.Request) error {
	return s.saveSource(w, r, "source.edit.title", "flash.saved")
}

// saveSource creates or updates a source, as the path says.
func (s *Server) saveSource(w http.ResponseWriter, r *http.Request, titleKey, flash string) error {
	ctx := r.Context()
	inc, old, err := s.incidentAndSource(ctx, r)
	if err != nil {
		return err
	}
	f := newForm(r)
	src := &haki.Source{IncidentID: inc.ID, Kind: f.str("kind"), Outlet: f.str("outlet"), URL: f.str("url"),
		SourceDate: f.date("source_date"), Reliability: f.str("reliability"), Description: f.str("description"), Version: f.version()}
	action := "/incidents/" + inc.ID + "/sources"
	if old != nil {
		src.ID, src.PersonID, action = old.ID, old.PersonID, action+"/"+old.ID
	}
	err = f.check(src.Validate)
	if err == nil && old == nil {
		err = s.store.CreateSource(ctx, src)
	} else if err == nil {
		err = s.store.UpdateSource(ctx, src)
	}
	if fields, ok := fieldErrors(err); ok {
		p := sourceFormPage{Page: s.page(w, r, titleKey), Incident: inc, Source: src, SourceDate: r.PostForm.Get("source_date"), Action: action}
		p.Errors = fields
		return s.renderSourceForm(w, r, p, http.StatusUnprocessableEntity)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/incidents/"+inc.ID, flash)
}

func (s *Server) sourceDelete(w http.ResponseWriter, r *http.Request) error {
	inc, src, err := s.incidentAndSource(r.Context(), r)
	if err != nil {
		return err
	}
	if err := s.store.DeleteSource(r.Context(), src.ID); err != nil {
		return err
	}
	return s.redirect(w, r, "/incidents/"+inc.ID, "flash.deleted")
}
