package web

import (
	"net/http"
	"slices"

	"github.com/haki-kenya/haki"
)

// vocabListPage is the data of the list of vocabularies.
type vocabListPage struct {
	Page
	Vocabularies []string
}

// vocabList lists the controlled vocabularies an administrator may edit.
func (s *Server) vocabList(w http.ResponseWriter, r *http.Request) error {
	p := vocabListPage{Page: s.page(w, r, "vocab.list.title"), Vocabularies: haki.Vocabularies}
	return s.render(w, r, http.StatusOK, "vocab_list", p)
}

// vocabPage is the data of one vocabulary's terms, each an edit form, and
// a form to add a term.
type vocabPage struct {
	Page
	Vocab    string
	Terms    []*haki.Term
	New      *haki.Term
	EditCode string // the term whose form Errors belong to; "" for the new-term form
}

// vocabShow shows a vocabulary's terms, inactive ones too.
func (s *Server) vocabShow(w http.ResponseWriter, r *http.Request) error {
	p := vocabPage{Page: s.page(w, r, "vocab.show.title"), Vocab: r.PathValue("vocab"), New: &haki.Term{Active: true}}
	return s.renderVocab(w, r, p, http.StatusOK, nil)
}

// renderVocab loads the terms; edited, when set, replaces its stored term
// so a rejected form shows what was typed.
func (s *Server) renderVocab(w http.ResponseWriter, r *http.Request, p vocabPage, status int, edited *haki.Term) error {
	if !slices.Contains(haki.Vocabularies, p.Vocab) {
		return haki.Errorf(haki.ENOTFOUND, "No such vocabulary.")
	}
	p.Title = p.T("vocab.name." + p.Vocab)
	terms, err := s.store.FindTerms(r.Context(), p.Vocab, true)
	if err != nil {
		return err
	}
	for i, t := range terms {
		if edited != nil && t.Code == edited.Code {
			terms[i] = edited
		}
	}
	p.Terms = terms
	return s.render(w, r, status, "vocab_show", p)
}

func readTerm(f *form, vocab string) *haki.Term {
	t := &haki.Term{Vocab: vocab, Code: f.str("code"), LabelEN: f.str("label_en"), LabelSW: f.str("label_sw"), Active: f.bool("active")}
	if n := f.int("sort"); n != nil {
		t.Sort = *n
	}
	return t
}

// termCreate adds a term to a vocabulary.
func (s *Server) termCreate(w http.ResponseWriter, r *http.Request) error {
	vocab := r.PathValue("vocab")
	f := newForm(r)
	t := readTerm(f, vocab)
	t.Normalize()
	err := f.check(t.Validate)
	if err == nil {
		err = s.store.CreateTerm(r.Context(), t)
	}
	if haki.ErrorCode(err) == haki.ECONFLICT {
		err = &haki.Error{Code: haki.EINVALID, Fields: map[string]string{"code": s.cat.T(s.lang(r), "vocab.code_taken")}}
	}
	if fields, ok := fieldErrors(err); ok {
		p := vocabPage{Page: s.page(w, r, "vocab.show.title"), Vocab: vocab, New: t}
		p.Errors = fields
		return s.renderVocab(w, r, p, http.StatusUnprocessableEntity, nil)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/vocabularies/"+vocab, "flash.created")
}

// termUpdate changes a term's labels, order or whether it is offered.
func (s *Server) termUpdate(w http.ResponseWriter, r *http.Request) error {
	vocab := r.PathValue("vocab")
	f := newForm(r)
	t := readTerm(f, vocab)
	t.Code = r.PathValue("code")
	t.Normalize()
	err := f.check(t.Validate)
	if err == nil {
		err = s.store.UpdateTerm(r.Context(), t)
	}
	if fields, ok := fieldErrors(err); ok {
		p := vocabPage{Page: s.page(w, r, "vocab.show.title"), Vocab: vocab, New: &haki.Term{Active: true}, EditCode: t.Code}
		p.Errors = fields
		return s.renderVocab(w, r, p, http.StatusUnprocessableEntity, t)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/vocabularies/"+vocab+"#term-"+t.Code, "flash.saved")
}
