package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/evalreport"
	"github.com/haki-kenya/haki/internal/httpx"
	"github.com/haki-kenya/haki/internal/pdfsign"
)

// maxReportPhoto bounds the bytes of one photograph read for a report.
const maxReportPhoto = 40 << 20

// evaluationReport sends the PDF of an evaluation for a use (?use=
// litigation, care, sharing, research, or draft for the evaluator's own
// draft) in a language (?lang=en or sw, else the reader's): the store
// checks the caller, the client's consent and audits the export; the
// photographs are opened with a line in their chain of custody; a signed
// evaluation's report carries the organisation's digital signature.
func (s *Server) evaluationReport(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	use := r.URL.Query().Get("use")
	e, err := s.store.EvaluationForReport(ctx, r.PathValue("id"), use)
	if err != nil {
		return evalreport.Explain(err)
	}
	lang := s.lang(r)
	if l := r.URL.Query().Get("lang"); l == "en" || l == "sw" {
		lang = l
	}
	c, err := s.store.FindCaseByID(ctx, e.CaseID)
	if err != nil {
		return err
	}
	instruments, err := s.store.FindInstruments(ctx)
	if err != nil {
		return err
	}
	now := s.now()
	opts := evalreport.Options{Lang: lang, Catalog: s.cat, OrgName: s.orgName, CaseRef: c.Ref, Draft: use == "draft",
		Demo: s.demo, At: now, Instrument: evalreport.InstrumentNames(instruments, lang)}
	if opts.Photos, err = s.reportPhotos(ctx, e); err != nil {
		return err
	}
	var pdf []byte
	if opts.Draft {
		pdf, err = renderReport(e, opts)
	} else {
		pdf, err = s.renderSigned(ctx, e, opts)
	}
	if err != nil {
		return err
	}
	return httpx.SendDownload(w, "application/pdf", evalreport.Filename(c.Ref, now), pdf)
}

// reportPhotos opens the photographs of the evaluation's findings that a
// report prints, each with the reason in its chain of custody.
func (s *Server) reportPhotos(ctx context.Context, e *haki.Evaluation) ([]evalreport.Photo, error) {
	var out []evalreport.Photo
	for _, f := range e.Findings {
		for _, id := range f.PhotoIDs {
			ev, rc, err := s.evidence.OpenEvidence(ctx, id, haki.CustodyExport, evalreport.CustodyReason)
			if err != nil {
				return nil, err
			}
			b, err := io.ReadAll(io.LimitReader(rc, maxReportPhoto))
			rc.Close()
			if err != nil {
				return nil, fmt.Errorf("read photograph %s: %w", id, err)
			}
			if !evalreport.Printable(ev.ContentType) || !evalreport.Sniffed(b) {
				continue
			}
			out = append(out, evalreport.Photo{FindingNo: f.No, Caption: ev.Description, SHA256: ev.SHA256, Image: b})
		}
	}
	return out, nil
}

// renderSigned renders a signed evaluation's report with the organisation's
// key fingerprint and signs the PDF with that key.
func (s *Server) renderSigned(ctx context.Context, e *haki.Evaluation, opts evalreport.Options) ([]byte, error) {
	signer, cert, err := s.store.OrganisationSigner(ctx, s.orgName)
	if err != nil {
		return nil, err
	}
	opts.Fingerprint = pdfsign.KeyFingerprint(cert.PublicKey)
	pdf, err := renderReport(e, opts)
	if err != nil {
		return nil, err
	}
	return pdfsign.Sign(pdf, signer, cert, opts.At, evalreport.SignReason(e))
}

// renderReport renders the report into memory.
func renderReport(e *haki.Evaluation, opts evalreport.Options) ([]byte, error) {
	var buf bytes.Buffer
	if err := evalreport.Render(&buf, e, opts); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
