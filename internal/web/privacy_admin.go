package web

import (
	"net/http"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
)

// privacyRetentionPage shows the retention periods, each settable, what
// is past them now (the dry run), and the form that runs them.
type privacyRetentionPage struct {
	Page
	Due []haki.RetentionDue
	// Typed holds a period as typed when it was refused, by record type.
	Typed map[string]string
}

// privacyRetention reports what the retention periods would anonymise or
// delete now; it changes nothing.
func (s *Server) privacyRetention(w http.ResponseWriter, r *http.Request) error {
	return s.renderRetention(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderRetention(w http.ResponseWriter, r *http.Request, status int, typed, errs map[string]string) error {
	due, err := s.store.FindRetentionDue(r.Context())
	if err != nil {
		return err
	}
	p := privacyRetentionPage{Page: s.page(w, r, "privacy.retention.title"), Due: due, Typed: typed}
	p.Errors = errs
	return s.render(w, r, status, "privacy_retention", p)
}

// privacyRetentionSet sets the period of the record type in the path.
func (s *Server) privacyRetentionSet(w http.ResponseWriter, r *http.Request) error {
	f := newForm(r)
	recordType := r.PathValue("type")
	years := f.int("years")
	err := f.check(func() error { return nil })
	if err == nil && years == nil {
		err = &haki.Error{Code: haki.EINVALID, Message: "Give a number of years from 1 to 100.", Fields: map[string]string{"years": "Give a number of years from 1 to 100."}}
	}
	if err == nil {
		err = s.store.SetRetentionYears(r.Context(), recordType, *years)
	}
	if fields, ok := fieldErrors(err); ok {
		return s.renderRetention(w, r, http.StatusUnprocessableEntity, map[string]string{recordType: f.str("years")},
			map[string]string{"years." + recordType: fields["years"]})
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/privacy/retention", "flash.saved")
}

// privacyRetentionRun anonymises and deletes what is past its period,
// once the administrator ticked that it cannot be undone.
func (s *Server) privacyRetentionRun(w http.ResponseWriter, r *http.Request) error {
	if !newForm(r).bool("confirm") {
		return s.renderRetention(w, r, http.StatusUnprocessableEntity, nil,
			map[string]string{"confirm": "Tick the box to confirm: a retention run cannot be undone."})
	}
	if _, err := s.store.RunRetention(r.Context()); err != nil {
		return err
	}
	return s.redirect(w, r, "/privacy/retention", "flash.retention_run")
}

// privacyRegisterPage is the processing register.
type privacyRegisterPage struct {
	Page
	Fields []haki.FieldClass
}

// privacyRegister shows the processing register, generated from the
// classification of every stored column (store.FieldClassification).
func (s *Server) privacyRegister(w http.ResponseWriter, r *http.Request) error {
	p := privacyRegisterPage{Page: s.page(w, r, "privacy.register.title"), Fields: store.FieldClassification()}
	return s.render(w, r, http.StatusOK, "privacy_register", p)
}
