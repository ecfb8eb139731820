package web

import (
	"net/http"
	"strings"

	"github.com/haki-kenya/haki"
)

// personFormPage is the data of the new and edit person forms.
type personFormPage struct {
	Page
	Vocab    Vocab
	Counties places
	Groups   []countyGroup
	Person   *haki.Person
	// What the user typed, shown again as typed when it could not be read.
	OtherNames, BirthDate, EstimatedAge, DeceasedOn string
	Action                                          string // where the form posts
}

func (s *Server) renderPersonForm(w http.ResponseWriter, r *http.Request, p personFormPage, status int) error {
	ctx := r.Context()
	var err error
	if p.Vocab, err = s.vocab(ctx, p.Lang, "sex"); err != nil {
		return err
	}
	if p.Counties, err = s.counties(ctx); err != nil {
		return err
	}
	if p.Groups, _, err = s.subCounties(ctx, p.Counties); err != nil {
		return err
	}
	return s.render(w, r, status, "person_form", p)
}

func (s *Server) personNew(w http.ResponseWriter, r *http.Request) error {
	p := personFormPage{Page: s.page(w, r, "person.new.title"), Action: "/persons", Person: &haki.Person{}}
	return s.renderPersonForm(w, r, p, http.StatusOK)
}

func (s *Server) personEdit(w http.ResponseWriter, r *http.Request) error {
	per, err := s.store.FindPersonByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	p := personFormPage{Page: s.page(w, r, "person.edit.title"), Action: "/persons/" + per.ID, Person: per,
		OtherNames: strings.Join(per.OtherNames, "\n"), BirthDate: per.BirthDate.String(),
		EstimatedAge: deref(per.EstimatedAge), DeceasedOn: per.DeceasedOn.String()}
	return s.renderPersonForm(w, r, p, http.StatusOK)
}

// readPerson fills a person from the form. Other names come one a line.
func readPerson(f *form) *haki.Person {
	var birth, died haki.FuzzyDate
	if f.str("birth_date") != "" {
		birth = f.date("birth_date")
	}
	if f.str("deceased_on") != "" {
		died = f.date("deceased_on")
	}
	return &haki.Person{
		FullName: f.str("full_name"), OtherNames: strings.Split(strings.ReplaceAll(f.str("other_names"), "\r", ""), "\n"),
		Sex: f.str("sex"), BirthDate: birth, EstimatedAge: f.int("estimated_age"), NationalID: f.str("national_id"),
		Phone: f.str("phone"), CountyCode: f.str("county_code"), SubCountyCode: f.str("subcounty_code"),
		Occupation: f.str("occupation"), Disability: f.str("disability"), NextOfKin: f.str("next_of_kin"),
		Deceased: f.bool("deceased"), DeceasedOn: died, Notes: f.str("notes"), Version: f.version(),
	}
}

func (s *Server) personCreate(w http.ResponseWriter, r *http.Request) error {
	f := newForm(r)
	per := readPerson(f)
	per.Normalize()
	err := f.check(func() error { return per.Validate(s.now()) })
	if err == nil {
		per.DuplicateOK = f.bool("duplicate_ok")
		err = s.store.CreatePerson(r.Context(), per)
	}
	fields, ok := fieldErrors(err)
	if haki.ErrorCode(err) == haki.ECONFLICT && haki.ErrorFields(err)["duplicate_ok"] != "" {
		fields, ok = haki.ErrorFields(err), true // someone already recorded: open them, or confirm
	}
	if ok {
		p := personFormPage{Page: s.page(w, r, "person.new.title"), Action: "/persons", Person: per}
		return s.personFormAgain(w, r, p, fields)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/persons/"+per.ID, "flash.created")
}

func (s *Server) personUpdate(w http.ResponseWriter, r *http.Request) error {
	f := newForm(r)
	per := readPerson(f)
	per.ID = r.PathValue("id")
	per.Normalize()
	err := f.check(func() error { return per.Validate(s.now()) })
	if err == nil {
		err = s.store.UpdatePerson(r.Context(), per)
	}
	if fields, ok := fieldErrors(err); ok {
		p := personFormPage{Page: s.page(w, r, "person.edit.title"), Action: "/persons/" + per.ID, Person: per}
		return s.personFormAgain(w, r, p, fields)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/persons/"+per.ID, "flash.saved")
}

// personFormAgain re-renders a rejected form with what was typed and the
// errors beside the fields.
func (s *Server) personFormAgain(w http.ResponseWriter, r *http.Request, p personFormPage, fields map[string]string) error {
	p.Errors = fields
	v := r.PostForm
	p.OtherNames, p.BirthDate, p.EstimatedAge, p.DeceasedOn = v.Get("other_names"), v.Get("birth_date"), v.Get("estimated_age"), v.Get("deceased_on")
	return s.renderPersonForm(w, r, p, http.StatusUnprocessableEntity)
}

// personDelete removes a person who is linked to nothing; the store refuses
// (409) while they are a victim, source or client.
func (s *Server) personDelete(w http.ResponseWriter, r *http.Request) error {
	if err := s.store.DeletePerson(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	return s.redirect(w, r, "/persons", "flash.deleted")
}
