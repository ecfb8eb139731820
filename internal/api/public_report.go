package api

import (
	"net/http"

	"github.com/haki-kenya/haki"
)

// Reports from the public, for those who triage them (reports.triage). The
// list carries nothing that identifies anyone; opening a report is an
// identity read, audited by the store.

func (s *Server) listPublicReports(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := haki.PublicReportFilter{Status: q.Get("status"), AssignedTo: q.Get("assigned_to"), Channel: q.Get("channel")}
	var err error
	if f.Cursor, f.Limit, err = pageParams(r); err != nil {
		return err
	}
	rows, next, err := s.store.FindPublicReports(r.Context(), f)
	if err != nil {
		return err
	}
	return writeList(w, rows, next)
}

// PublicReportJSON is a report opened for triage with its suggested
// duplicates and the files sent with it (each original and its copy
// without location metadata; download them at /evidence/{id}).
type PublicReportJSON struct {
	*haki.PublicReportFile
	Duplicates []haki.DuplicateSuggestion `json:"duplicates"`
	Media      []*haki.ReportMedia        `json:"media"`
}

func (s *Server) getPublicReport(w http.ResponseWriter, r *http.Request) error {
	f, err := s.store.FindPublicReport(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	dups, err := s.store.PublicReportDuplicates(r.Context(), f.Report.ID)
	if err != nil {
		return err
	}
	media, err := s.evidence.FindPublicReportMedia(r.Context(), f.Report.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, PublicReportJSON{f, dups, media})
}

// ReportAssignmentJSON is the body of POST /public-reports/{id}/assign.
type ReportAssignmentJSON struct {
	UserID  string `json:"user_id"` // a colleague who triages, "me", or "" to unassign
	Version int    `json:"version"`
}

func (s *Server) assignPublicReport(w http.ResponseWriter, r *http.Request) error {
	var in ReportAssignmentJSON
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := requireVersion(in.Version); err != nil {
		return err
	}
	if in.UserID == "me" {
		in.UserID = haki.UserFromContext(r.Context()).ID
	}
	if err := s.store.AssignPublicReport(r.Context(), r.PathValue("id"), in.UserID, in.Version); err != nil {
		return err
	}
	return noContent(w)
}

// ReportStatusJSON is the body of POST /public-reports/{id}/status.
type ReportStatusJSON struct {
	Status      string `json:"status"` // new, being_verified, rejected or duplicate
	Reason      string `json:"reason,omitempty"`
	DuplicateOf string `json:"duplicate_of,omitempty"` // id or reference of a report or incident
	Version     int    `json:"version"`
}

func (s *Server) setPublicReportStatus(w http.ResponseWriter, r *http.Request) error {
	var in ReportStatusJSON
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := requireVersion(in.Version); err != nil {
		return err
	}
	if err := s.store.SetPublicReportStatus(r.Context(), r.PathValue("id"), in.Status, in.Reason, in.DuplicateOf, in.Version); err != nil {
		return err
	}
	return noContent(w)
}

// ReportNoteJSON is the body of POST /public-reports/{id}/notes.
type ReportNoteJSON struct {
	Text string `json:"text"`
}

func (s *Server) addPublicReportNote(w http.ResponseWriter, r *http.Request) error {
	var in ReportNoteJSON
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := s.store.AddPublicReportNote(r.Context(), r.PathValue("id"), in.Text); err != nil {
		return err
	}
	return noContent(w)
}

// ReportContactJSON is the body of POST /public-reports/{id}/contacts.
type ReportContactJSON struct {
	Method  string `json:"method"`
	Outcome string `json:"outcome"`
	Note    string `json:"note,omitempty"`
}

func (s *Server) logPublicReportContact(w http.ResponseWriter, r *http.Request) error {
	var in ReportContactJSON
	if err := decode(w, r, &in); err != nil {
		return err
	}
	c := haki.ReportContact{Method: in.Method, Outcome: in.Outcome, Note: in.Note}
	if err := s.store.LogPublicReportContact(r.Context(), r.PathValue("id"), c); err != nil {
		return err
	}
	return noContent(w)
}
