package web

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/publicreport"
)

// reportKeyGet serves the organisation's public key as a JWK. It changes
// never, so phones and caches may keep it a day.
func (s *Server) reportKeyGet(w http.ResponseWriter, r *http.Request) error {
	k, _, err := s.reportKey(r.Context())
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "public, max-age=86400")
	return writeReportJSON(w, http.StatusOK, k.JWK())
}

// reportChallengeGet issues a proof-of-work challenge. It is signed, not
// stored: a flood of requests for challenges costs no memory.
func (s *Server) reportChallengeGet(w http.ResponseWriter, r *http.Request) error {
	_, ch, err := s.reportKey(r.Context())
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return writeReportJSON(w, http.StatusOK, map[string]any{"challenge": ch.Issue(s.now()), "bits": ch.Bits})
}

// reportReceipt is the answer to a submission: the report's reference, and
// whether this request made it (false: it had come before).
type reportReceipt struct {
	Ref     string `json:"ref"`
	Created bool   `json:"created"`
}

var (
	errTooBig    = haki.Errorf(haki.EINVALID, "The report is too long to send. Shorten the account and send it again.")
	errBusy      = haki.Errorf(haki.EBUSY, "Many reports are arriving just now. Yours is kept and will be sent again shortly.")
	errProof     = haki.Errorf(haki.EINVALID, "The report could not be checked. Reload the page and send it again.")
	errEnvelope  = haki.Errorf(haki.EINVALID, "The report could not be opened. Reload the page and write it again.")
	errWrongType = haki.Errorf(haki.EINVALID, "The report could not be read. Reload the page and send it again.")
)

// reportSubmit takes a sealed report. The order is the cheapest refusal
// first: the limit per address (in publicDoor), the declared length, a
// turn among the few submissions opened at once, then the body, read into
// at most MaxBody bytes, the honeypot, the proof of work, and only then the
// work of opening the envelope and storing the report.
func (s *Server) reportSubmit(w http.ResponseWriter, r *http.Request) error {
	if r.ContentLength > publicreport.MaxBody {
		return errTooBig
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/json" && ct != "application/json; charset=utf-8" {
		return errWrongType
	}
	release, err := s.reportSlot(r.Context())
	if err != nil {
		return err
	}
	defer release()
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, publicreport.MaxBody))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return errTooBig
	} else if err != nil {
		return err
	}
	sub, err := publicreport.ParseSubmission(body)
	if err != nil {
		return err
	}
	if sub.Website != "" {
		return writeReportJSON(w, http.StatusOK, reportReceipt{})
	}
	key, ch, err := s.reportKey(r.Context())
	if err != nil {
		return err
	}
	if err := ch.Verify(sub.PoW.Challenge, sub.IdempotencyKey, sub.PoW.Nonce, s.now()); err != nil {
		return errProof
	}
	plain, err := key.Open(sub.Envelope)
	if err != nil {
		return errEnvelope
	}
	rep, err := publicreport.Decode(plain)
	if err != nil {
		return err
	}
	created, err := s.storeReport(r.Context(), rep, sub.IdempotencyKey)
	if err != nil {
		return err
	}
	status := http.StatusCreated
	if !created {
		status = http.StatusOK
	}
	w.Header().Set("Cache-Control", "no-store")
	return writeReportJSON(w, status, reportReceipt{Ref: rep.Ref, Created: created})
}

// reportSlot waits for one of the few turns to read and open a submission,
// so a flood holds a bounded amount of memory; it gives up after BusyWait.
func (s *Server) reportSlot(ctx context.Context) (func(), error) {
	return s.report.slot(ctx, s.report.busy)
}

// slot waits for a turn in busy, giving up after BusyWait.
func (d *reportDoor) slot(ctx context.Context, busy chan struct{}) (func(), error) {
	select {
	case busy <- struct{}{}:
		return func() { <-busy }, nil
	default:
	}
	t := time.NewTimer(d.limits.BusyWait)
	defer t.Stop()
	select {
	case busy <- struct{}{}:
		return func() { <-busy }, nil
	case <-t.C:
		return nil, errBusy
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func writeReportJSON(w http.ResponseWriter, status int, v any) error {
	return writeJSONAs(w, status, "application/json; charset=utf-8", v)
}

func writeJSONAs(w http.ResponseWriter, status int, contentType string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	_, err = w.Write(append(b, '\n'))
	return err
}
