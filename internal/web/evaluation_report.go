package web

import (
	"net/http"

	"github.com/haki-kenya/haki/internal/evalreport"
	"github.com/haki-kenya/haki/internal/httpx"
)

// evaluationReport sends the PDF of an evaluation for a use (?use=
// litigation, care, sharing, research, or draft for the evaluator's own
// draft) in a language (?lang=en or sw, else the reader's); evalreport.Make
// says what is checked, recorded and signed.
func (s *Server) evaluationReport(w http.ResponseWriter, r *http.Request) error {
	lang := s.lang(r)
	if l := r.URL.Query().Get("lang"); l == "en" || l == "sw" {
		lang = l
	}
	opts := evalreport.Options{Lang: lang, Catalog: s.cat, OrgName: s.orgName, Demo: s.demo, At: s.now()}
	pdf, name, err := evalreport.Make(r.Context(), s.store, s.evidence, r.PathValue("id"), r.URL.Query().Get("use"), r.PathValue("form"), opts)
	if err != nil {
		return err
	}
	return httpx.SendDownload(w, "application/pdf", name, pdf)
}
