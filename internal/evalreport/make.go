package evalreport

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/pdfsign"
	"github.com/haki-kenya/haki/internal/store"
)

// maxPhoto bounds the bytes of one photograph read for a report.
const maxPhoto = 40 << 20

// Make makes the report of evaluation id for use (litigation, care, sharing,
// research, or draft for the evaluator's own draft), as the web and the API
// send it: the store checks the caller and the client's consent and audits
// the export; each photograph printed is opened with a line in its chain of
// custody; a signed evaluation's report carries the organisation's digital
// signature. opts gives the language, catalogue, organisation, demo flag
// and time; the rest is filled here. It returns the PDF and its file name.
//
// With form set (a clinical form's code: p3, prc), it makes that form of
// the evaluation alone instead (RenderForm), signed the same way.
func Make(ctx context.Context, st *store.Store, files *store.EvidenceStore, id, use, form string, opts Options) ([]byte, string, error) {
	e, err := st.EvaluationForReport(ctx, id, use)
	if err != nil {
		return nil, "", Explain(err)
	}
	c, err := st.FindCaseByID(ctx, e.CaseID)
	if err != nil {
		return nil, "", err
	}
	instruments, err := st.FindInstruments(ctx)
	if err != nil {
		return nil, "", err
	}
	methods, err := st.FindTerms(ctx, "method", true)
	if err != nil {
		return nil, "", err
	}
	opts.CaseRef, opts.Draft, opts.Instrument = c.Ref, use == "draft", InstrumentNames(instruments, opts.Lang)
	opts.Method = MethodNames(methods, opts.Lang)
	name := Filename(c.Ref, opts.At)
	// draw reads opts when it runs, so the fingerprint set below is printed.
	draw := func(w io.Writer) error { return Render(w, e, opts) }
	if form != "" {
		if _, ok := haki.ClinicalFormByCode(form); !ok {
			return nil, "", haki.Errorf(haki.ENOTFOUND, "No such form.")
		}
		name = strings.Replace(name, "evaluation-", form+"-", 1)
		draw = func(w io.Writer) error { return RenderForm(w, e, form, opts) }
	} else if opts.Photos, err = photos(ctx, files, e); err != nil {
		return nil, "", err
	}
	var buf bytes.Buffer
	if opts.Draft {
		if err := draw(&buf); err != nil {
			return nil, "", err
		}
		return buf.Bytes(), name, nil
	}
	signer, cert, err := st.OrganisationSigner(ctx, opts.OrgName)
	if err != nil {
		return nil, "", err
	}
	opts.Fingerprint = pdfsign.KeyFingerprint(cert.PublicKey)
	if err := draw(&buf); err != nil {
		return nil, "", err
	}
	pdf, err := pdfsign.Sign(buf.Bytes(), signer, cert, opts.At, SignReason(e))
	return pdf, name, err
}

// photos opens the JPEG and PNG photographs of the evaluation's findings,
// each with the report's reason in its chain of custody.
func photos(ctx context.Context, files *store.EvidenceStore, e *haki.Evaluation) ([]Photo, error) {
	var out []Photo
	for _, f := range e.Findings {
		for _, id := range f.PhotoIDs {
			ev, rc, err := files.OpenEvidence(ctx, id, haki.CustodyExport, CustodyReason)
			if err != nil {
				return nil, err
			}
			b, err := io.ReadAll(io.LimitReader(rc, maxPhoto))
			rc.Close()
			if err != nil {
				return nil, fmt.Errorf("read photograph %s: %w", id, err)
			}
			if haki.IsPhoto(ev.ContentType) && Sniffed(b) {
				out = append(out, Photo{FindingNo: f.No, Caption: ev.Description, SHA256: ev.SHA256, Image: b})
			}
		}
	}
	return out, nil
}

// MethodNames names the methods of the vocabulary "method" (terms) in lang;
// a text that is not one of their codes is printed as written.
func MethodNames(terms []*haki.Term, lang string) func(string) string {
	return func(code string) string {
		for _, t := range terms {
			if t.Code == code {
				return t.Label(lang)
			}
		}
		return code
	}
}
