package web

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net/http"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/publicreport"
)

// mediaReceipt is the answer to a file sent with a report: its place, and
// what was received (the phone may compare the hash with its own), and
// whether this request stored it (false: it had come before).
type mediaReceipt struct {
	Index   int    `json:"index"`
	Type    string `json:"type"`
	Size    int64  `json:"size"`
	SHA256  string `json:"sha256"`
	Created bool   `json:"created"`
}

var errMediaTooBig = haki.Errorf(haki.EINVALID, "The file is too large: a photo can be up to 10 MB, a recording or a video up to 50 MB.")

// reportMedia takes a file sent with a report, sealed on the phone
// (publicreport.MediaHeader). Cheapest refusals first: the limit per
// address (publicDoor), the declared length, a turn among the few files
// read at once, the header line, the report's key (a file for no report is
// refused, and one already kept is answered, before its body is read);
// then the body, into one buffer of at most MaxMediaBody bytes, opened in
// place and stored.
func (s *Server) reportMedia(w http.ResponseWriter, r *http.Request) error {
	if r.ContentLength > publicreport.MaxMediaBody {
		return errMediaTooBig
	}
	if r.Header.Get("Content-Type") != "application/octet-stream" {
		return errWrongType
	}
	release, err := s.report.slot(r.Context(), s.report.mediaBusy)
	if err != nil {
		return err
	}
	defer release()
	body := bufio.NewReaderSize(http.MaxBytesReader(w, r.Body, publicreport.MaxMediaBody), publicreport.MaxMediaHeader+1)
	line, err := body.ReadSlice('\n')
	if err != nil {
		return errMediaUnreadable
	}
	h, err := publicreport.ParseMediaHeader(bytes.TrimSuffix(line, []byte("\n")))
	if err != nil {
		return err
	}
	kept, err := s.evidence.PublicReportMediaAt(r.Context(), h.IdempotencyKey, h.Index)
	if err != nil {
		return err
	}
	if kept != nil {
		return writeMediaReceipt(w, kept, false)
	}
	size := r.ContentLength - int64(len(line))
	if size <= 0 || r.ContentLength < 0 {
		size = 1 << 20 // grown as read, up to the limit
	}
	buf := bytes.NewBuffer(make([]byte, 0, size))
	if _, err := io.Copy(buf, body); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return errMediaTooBig
		}
		return err
	}
	key, _, err := s.reportKey(r.Context())
	if err != nil {
		return err
	}
	plain, err := key.OpenMedia(h, buf.Bytes())
	if err != nil {
		return errMediaEnvelope
	}
	m, created, err := s.evidence.AddPublicReportMedia(r.Context(), h.IdempotencyKey, h.Index, plain)
	if err != nil {
		return err
	}
	return writeMediaReceipt(w, m, created)
}

var (
	errMediaUnreadable = haki.Errorf(haki.EINVALID, "The file could not be read. Reload the page and send it again.")
	errMediaEnvelope   = haki.Errorf(haki.EINVALID, "The file could not be opened. Remove it and attach it again.")
)

func writeMediaReceipt(w http.ResponseWriter, m *haki.ReportMedia, created bool) error {
	status := http.StatusCreated
	if !created {
		status = http.StatusOK
	}
	w.Header().Set("Cache-Control", "no-store")
	o := m.Original
	return writeReportJSON(w, status, mediaReceipt{Index: m.Index, Type: o.ContentType, Size: o.Size, SHA256: o.SHA256, Created: created})
}
