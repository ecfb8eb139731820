package api

import (
	"encoding/json"
	"net/http"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/httpx"
	"github.com/haki-kenya/haki/internal/store"
)

// ExtractNoteHeader carries the note of a CSV research extract (what was
// done and what it cost) as compact JSON; a JSON extract holds it inside.
const ExtractNoteHeader = "Haki-Extract-Note"

// ExtractJSON is the shape of a JSON research extract.
type ExtractJSON struct {
	Note haki.ExtractNote  `json:"note"`
	Rows []haki.ExtractRow `json:"rows"`
}

// getResearchExtract answers the de-identified, k-anonymous research
// extract as a CSV attachment or as JSON {"note", "rows"}. The store
// checks the permission and audits the extract.
func (s *Server) getResearchExtract(w http.ResponseWriter, r *http.Request) error {
	o, err := haki.ParseExtractOptions(r.URL.Query())
	if err != nil {
		return err
	}
	res, err := s.store.ResearchExtract(r.Context(), o)
	if err != nil {
		return err
	}
	if o.Format == "json" {
		w.Header().Set("Content-Type", "application/json")
		return store.WriteExtractJSON(w, res)
	}
	note, err := json.Marshal(res.Note)
	if err != nil {
		return err
	}
	w.Header().Set(ExtractNoteHeader, string(note))
	// Once the first bytes are sent an error can only cut the stream.
	_ = store.WriteExtractCSV(&httpx.CSVDownload{W: w, Name: "research-extract.csv"}, res)
	return nil
}
