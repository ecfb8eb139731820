package api

import (
	"net/http"
	"net/url"

	"github.com/haki-kenya/haki"
)

// The report builder over the API: GET /builder runs a query given as
// codes in the query string (records, dim1, dim2, measure and the
// filters, as the web page's); saved queries are listed, saved and
// deleted under /saved-reports. Roles that do not see identities get
// small cells hidden.

// BuilderResultJSON is a builder answer with the query read back as a
// query string.
type BuilderResultJSON struct {
	*haki.BuilderResult
	QueryString string `json:"query_string"`
	From        Date   `json:"from"`
	To          Date   `json:"to"`
}

func (s *Server) runBuilder(w http.ResponseWriter, r *http.Request) error {
	q, err := haki.ParseBuilderQuery(r.URL.Query())
	if err != nil {
		return err
	}
	res, err := s.store.RunBuilder(r.Context(), q)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, BuilderResultJSON{BuilderResult: res, QueryString: q.Encode(),
		From: Date{q.Filter.From}, To: Date{q.Filter.To}})
}

// SavedReportJSON is a saved builder query: query is the query string of
// codes that GET /builder takes.
type SavedReportJSON struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Query     string `json:"query"`
	Sharing   string `json:"sharing"` // private, team or everyone
	OwnerID   string `json:"owner_id,omitempty"`
	OwnerName string `json:"owner_name,omitempty"`
	Href      string `json:"href,omitempty"` // GET it to run the query
	Version   int    `json:"version,omitempty"`
}

func savedJSON(sr *haki.SavedReport) SavedReportJSON {
	return SavedReportJSON{ID: sr.ID, Name: sr.Name, Query: sr.QueryS, Sharing: sr.Sharing, OwnerID: sr.OwnerID,
		OwnerName: sr.OwnerName, Href: v1 + "/builder?" + sr.QueryS, Version: sr.Version}
}

func (s *Server) listSavedReports(w http.ResponseWriter, r *http.Request) error {
	list, err := s.store.FindSavedReports(r.Context())
	if err != nil {
		return err
	}
	out := make([]SavedReportJSON, len(list))
	for i, sr := range list {
		out[i] = savedJSON(sr)
	}
	return writeList(w, out, "")
}

func (s *Server) createSavedReport(w http.ResponseWriter, r *http.Request) error {
	var in SavedReportJSON
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if _, err := url.ParseQuery(in.Query); err != nil {
		return haki.Problems{"query": "The query cannot be read."}.Err()
	}
	sr := &haki.SavedReport{Name: in.Name, Sharing: in.Sharing, QueryS: in.Query}
	if err := s.store.SaveReport(r.Context(), sr); err != nil {
		return err
	}
	return writeCreated(w, v1+"/saved-reports/"+sr.ID, savedJSON(sr))
}

func (s *Server) getSavedReport(w http.ResponseWriter, r *http.Request) error {
	sr, err := s.store.FindSavedReportByID(r.Context(), r.PathValue("saved"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, savedJSON(sr))
}

func (s *Server) deleteSavedReport(w http.ResponseWriter, r *http.Request) error {
	if err := s.store.DeleteSavedReport(r.Context(), r.PathValue("saved")); err != nil {
		return err
	}
	return noContent(w)
}
