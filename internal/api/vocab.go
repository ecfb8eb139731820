package api

import (
	"net/http"
	"slices"

	"github.com/haki-kenya/haki"
)

func (s *Server) listVocabularies(w http.ResponseWriter, r *http.Request) error {
	return writeList(w, haki.Vocabularies, "")
}

// vocabulary returns the {vocab} of the path, or not found.
func vocabulary(r *http.Request) (string, error) {
	v := r.PathValue("vocab")
	if !slices.Contains(haki.Vocabularies, v) {
		return "", haki.Errorf(haki.ENOTFOUND, "No such vocabulary.")
	}
	return v, nil
}

func (s *Server) listTerms(w http.ResponseWriter, r *http.Request) error {
	vocab, err := vocabulary(r)
	if err != nil {
		return err
	}
	all := r.URL.Query().Get("all")
	if all != "" && all != "0" && all != "1" {
		return badParam("all", "Expected 0 or 1.")
	}
	terms, err := s.store.FindTerms(r.Context(), vocab, all == "1")
	if err != nil {
		return err
	}
	return writeList(w, terms, "")
}

// TermInput is the body of a new or changed term; the vocabulary and code
// come from the path when changing one.
type TermInput struct {
	Code    string `json:"code,omitempty"`
	LabelEN string `json:"label_en"`
	LabelSW string `json:"label_sw"`
	Sort    int    `json:"sort"`
	Active  *bool  `json:"active,omitempty"` // true when left out
}

func (in *TermInput) term(vocab, code string) *haki.Term {
	return &haki.Term{Vocab: vocab, Code: code, LabelEN: in.LabelEN, LabelSW: in.LabelSW, Sort: in.Sort, Active: in.Active == nil || *in.Active}
}

func (s *Server) createTerm(w http.ResponseWriter, r *http.Request) error {
	vocab, err := vocabulary(r)
	if err != nil {
		return err
	}
	var in TermInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	t := in.term(vocab, in.Code)
	if err := s.store.CreateTerm(r.Context(), t); err != nil {
		return err
	}
	return writeCreated(w, v1+"/vocabularies/"+vocab+"/"+t.Code, t)
}

func (s *Server) updateTerm(w http.ResponseWriter, r *http.Request) error {
	vocab, err := vocabulary(r)
	if err != nil {
		return err
	}
	var in TermInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if in.Code != "" && in.Code != r.PathValue("code") {
		return &haki.Error{Code: haki.EINVALID, Message: "A term's code never changes.",
			Fields: map[string]string{"code": "Leave out the code, or send the one in the path."}}
	}
	t := in.term(vocab, r.PathValue("code"))
	if err := s.store.UpdateTerm(r.Context(), t); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, t)
}

func (s *Server) listPlaces(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	country := q.Get("country") // "" is the organisation's country
	level, err := intParam(r, "level")
	if err != nil {
		return err
	}
	if level == 0 {
		level = 1
	} else if level > 2 {
		return badParam("level", "Expected 1 (counties) or 2 (sub-counties).")
	}
	places, err := s.store.FindPlaces(r.Context(), country, level, q.Get("parent"))
	if err != nil {
		return err
	}
	return writeList(w, places, "")
}
