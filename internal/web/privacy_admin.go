package web

import (
	"net/http"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
)

// privacyRetentionPage is the dry run of the retention periods.
type privacyRetentionPage struct {
	Page
	Due []haki.RetentionDue
}

// privacyRetention reports what the retention periods would remove now.
// It removes nothing: Haki has no purge yet, and the page says so.
func (s *Server) privacyRetention(w http.ResponseWriter, r *http.Request) error {
	due, err := s.store.FindRetentionDue(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "privacy_retention", privacyRetentionPage{Page: s.page(w, r, "privacy.retention.title"), Due: due})
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
