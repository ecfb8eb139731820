package web

import (
	"bytes"
	"encoding/json"
	"net/http"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/httpx"
	"github.com/haki-kenya/haki/internal/privacy"
)

// privacyPersonPage is a person's data-protection page: whether they were
// erased, the legal holds, and the ways to export, read the history of,
// hold or erase their record.
type privacyPersonPage struct {
	Page
	Privacy *haki.PersonPrivacy
}

// privacyPerson shows a person's data-protection state and actions.
func (s *Server) privacyPerson(w http.ResponseWriter, r *http.Request) error {
	pv, err := s.store.FindPersonPrivacy(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	p := privacyPersonPage{Page: s.page(w, r, "privacy.person.title"), Privacy: pv}
	p.Title = p.T("privacy.person.title") + " · " + pv.Ref
	return s.render(w, r, http.StatusOK, "privacy_person", p)
}

// privacyExportJSON sends everything held about a person as JSON, for
// their access request. The store audits the export.
func (s *Server) privacyExportJSON(w http.ResponseWriter, r *http.Request) error {
	x, err := s.store.ExportPerson(r.Context(), r.PathValue("id"), "json")
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(x, "", "  ")
	if err != nil {
		return err
	}
	return httpx.SendDownload(w, "application/json", x.Person.Ref+".json", b)
}

// privacyExportPDF sends a readable summary of the export as a PDF in the
// requester's language (the language of the page).
func (s *Server) privacyExportPDF(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	x, err := s.store.ExportPerson(ctx, r.PathValue("id"), "pdf")
	if err != nil {
		return err
	}
	p := s.page(w, r, "privacy.pdf.title")
	v, err := s.vocab(ctx, p.Lang, "sex", "incident_type", "act_type", "victim_status", "source_kind", "case_status")
	if err != nil {
		return err
	}
	counties, err := s.counties(ctx)
	if err != nil {
		return err
	}
	term := func(vocab, code string) string {
		if vocab == "county" {
			return counties.Name(code)
		}
		return v.Label(vocab, code)
	}
	var buf bytes.Buffer
	if err := privacy.WritePDF(&buf, x, privacy.Labels{T: p.T, Term: term}); err != nil {
		return err
	}
	return httpx.SendDownload(w, "application/pdf", x.Person.Ref+".pdf", buf.Bytes())
}

// privacyHistoryPage lists the changes to a person's record.
type privacyHistoryPage struct {
	Page
	Privacy *haki.PersonPrivacy
	Entries []*haki.AuditEntry
}

// privacyHistory shows the history of a person's corrections, each with
// the record before and after, for administrators and data managers.
func (s *Server) privacyHistory(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	pv, err := s.store.FindPersonPrivacy(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	p := privacyHistoryPage{Page: s.page(w, r, "privacy.history.title"), Privacy: pv}
	p.Title = p.T("privacy.history.title") + " · " + pv.Ref
	if p.Entries, err = s.store.FindPersonHistory(ctx, pv.PersonID); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "privacy_history", p)
}
