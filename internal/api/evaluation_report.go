package api

import (
	"net/http"

	"github.com/haki-kenya/haki/internal/evalreport"
	"github.com/haki-kenya/haki/internal/httpx"
)

// getEvaluationReport sends the PDF of an evaluation for a use (?use=
// litigation, care, sharing, research, or draft for the evaluator's own
// draft) in a language (?lang=en or sw; English by default), as the web's
// /evaluations/{id}/report.pdf does; evalreport.Make says what is checked,
// recorded and signed.
func (s *Server) getEvaluationReport(w http.ResponseWriter, r *http.Request) error {
	lang := "en"
	if r.URL.Query().Get("lang") == "sw" {
		lang = "sw"
	}
	cat, err := catalog()
	if err != nil {
		return err
	}
	opts := evalreport.Options{Lang: lang, Catalog: cat, OrgName: s.orgName, Demo: s.demo, At: s.store.Now()}
	pdf, name, err := evalreport.Make(r.Context(), s.store, s.evidence, r.PathValue("id"), r.URL.Query().Get("use"), r.PathValue("form"), opts)
	if err != nil {
		return err
	}
	return httpx.SendDownload(w, "application/pdf", name, pdf)
}
