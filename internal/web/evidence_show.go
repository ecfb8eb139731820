package web

import (
	"context"
	"io"
	"net/http"
	"strconv"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/httpx"
)

// evidenceSection is the evidence part of an incident's or a case's page.
type evidenceSection struct {
	Visible   bool // false for roles that may not see evidence
	OwnerKind string
	OwnerID   string
	Items     []*haki.Evidence
	Kinds     []string
}

// UploadPath is where the section's form posts.
func (e evidenceSection) UploadPath() string {
	if e.OwnerKind == haki.OwnerCase {
		return "/cases/" + e.OwnerID + "/evidence"
	}
	return "/incidents/" + e.OwnerID + "/evidence"
}

// evidenceList loads the evidence section of a record; roles that may not
// see its evidence get an empty, hidden section.
func (s *Server) evidenceList(ctx context.Context, ownerKind, ownerID string) (evidenceSection, error) {
	sec := evidenceSection{OwnerKind: ownerKind, OwnerID: ownerID, Kinds: haki.EvidenceKinds}
	items, err := s.evidence.FindEvidence(ctx, ownerKind, ownerID)
	if haki.ErrorCode(err) == haki.ENOTFOUND {
		return sec, nil
	} else if err != nil {
		return sec, err
	}
	sec.Visible, sec.Items = true, items
	return sec, nil
}

// evidenceShowPage is the data of an evidence file's page.
type evidenceShowPage struct {
	Page
	Evidence *haki.Evidence
	Custody  []*haki.CustodyEntry
	// OwnerPath links back to the incident or case.
	OwnerPath string
}

// evidenceShow shows a file's record and chain of custody; the view is
// itself recorded in it. The store answers "not found" to anyone who may
// not see the record the file belongs to.
func (s *Server) evidenceShow(w http.ResponseWriter, r *http.Request) error {
	ev, custody, err := s.evidence.FindEvidenceByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	p := evidenceShowPage{Page: s.page(w, r, "evidence.show.title"), Evidence: ev, Custody: custody,
		OwnerPath: "/incidents/" + ev.OwnerID}
	switch ev.OwnerKind {
	case haki.OwnerCase:
		p.OwnerPath = "/cases/" + ev.OwnerID
	case haki.OwnerPublicReport:
		p.OwnerPath = "/triage/" + ev.OwnerID
	}
	return s.render(w, r, http.StatusOK, "evidence_show", p)
}

// evidenceDownload streams the decrypted file after the store has recorded
// who takes it and why, and checked it against its hash. It is a POST so
// that a link, a prefetch or a crawler cannot take it.
func (s *Server) evidenceDownload(w http.ResponseWriter, r *http.Request) error {
	ev, body, err := s.evidence.OpenEvidence(r.Context(), r.PathValue("id"), haki.CustodyDownload, r.PostForm.Get("reason"))
	if err != nil {
		return err
	}
	defer body.Close()
	writeEvidenceHeaders(w, ev)
	if _, err := io.CopyBuffer(w, body, make([]byte, 64<<10)); err != nil {
		// Headers are gone; the broken stream is all the client can see.
		s.logger.ErrorContext(r.Context(), "evidence download", "err", err, "evidence", ev.ID,
			"request_id", haki.RequestIDFromContext(r.Context()))
	}
	return nil
}

// writeEvidenceHeaders sets the headers of a file download.
func writeEvidenceHeaders(w http.ResponseWriter, ev *haki.Evidence) {
	httpx.DownloadHeaders(w.Header(), ev.ContentType, ev.DownloadName())
	w.Header().Set("Content-Length", strconv.FormatInt(ev.Size, 10))
}

// triageMedia shows the copy of a report's file made without location
// metadata, inline (a picture, a recording or a video on the report's
// page); the store records the view in the copy's chain of custody. An
// original is never served here: it is downloaded from its evidence page,
// with a reason.
func (s *Server) triageMedia(w http.ResponseWriter, r *http.Request) error {
	ev, body, err := s.evidence.OpenEvidenceCopy(r.Context(), r.PathValue("file"))
	if err != nil {
		return err
	}
	defer body.Close()
	if ev.ReportID != r.PathValue("id") {
		return haki.Errorf(haki.ENOTFOUND, "No such copy.")
	}
	h := w.Header()
	h.Set("Content-Type", ev.ContentType)
	h.Set("Content-Disposition", "inline")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Security-Policy", httpx.DownloadCSP)
	h.Set("Content-Length", strconv.FormatInt(ev.Size, 10))
	if _, err := io.CopyBuffer(w, body, make([]byte, 64<<10)); err != nil {
		s.logger.ErrorContext(r.Context(), "report media", "err", err, "evidence", ev.ID,
			"request_id", haki.RequestIDFromContext(r.Context()))
	}
	return nil
}
