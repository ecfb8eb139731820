package api

import "net/http"

// exportPerson returns everything held about a person, for their access
// request under Kenya's Data Protection Act. The store audits the export.
func (s *Server) exportPerson(w http.ResponseWriter, r *http.Request) error {
	x, err := s.store.ExportPerson(r.Context(), r.PathValue("id"), "api")
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, x)
}
