package api

import (
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/config"
	"github.com/haki-kenya/haki/internal/httpx"
)

// uploadOverhead is what a multipart body may carry beside the file.
const uploadOverhead = 64 << 10

// maxUploadField bounds each text part of an upload.
const maxUploadField = 16 << 10

// EvidenceRecord is a file's record with its chain of custody.
type EvidenceRecord struct {
	haki.Evidence
	Custody []*haki.CustodyEntry `json:"custody"`
}

// DownloadRequest says why a file is taken; the reason goes into its chain
// of custody.
type DownloadRequest struct {
	Reason string `json:"reason"`
}

func (s *Server) uploadLimit() int64 {
	if s.maxUpload > 0 {
		return s.maxUpload
	}
	return config.DefaultMaxUpload
}

func tooLarge(limit int64) error {
	return &problem{status: http.StatusRequestEntityTooLarge, kind: "too-large",
		detail: fmt.Sprintf("The file is larger than the limit of %d bytes.", limit)}
}

// createEvidence stores a file sent as multipart/form-data with the parts
// owner_kind, owner_id, kind, description and, last, file. The size is
// refused from Content-Length before the body is read; the file is streamed
// to the store, which decides its type by its content.
func (s *Server) createEvidence(w http.ResponseWriter, r *http.Request) error {
	return s.receiveEvidence(w, r, &haki.Evidence{}, true)
}

// receiveEvidence reads a multipart upload into ev and stores it. The parts
// owner_kind and owner_id are read only when ownerParts is set; otherwise
// the caller has set the owner and such parts are ignored.
func (s *Server) receiveEvidence(w http.ResponseWriter, r *http.Request, ev *haki.Evidence, ownerParts bool) error {
	limit := s.uploadLimit()
	if r.ContentLength > limit+uploadOverhead {
		w.Header().Set("Connection", "close")
		return tooLarge(limit)
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit+uploadOverhead)
	mr, err := r.MultipartReader()
	if err != nil {
		return &problem{status: http.StatusUnsupportedMediaType, kind: "unsupported-media-type",
			detail: "Send the file as multipart/form-data."}
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return &problem{status: http.StatusUnprocessableEntity, kind: "validation", detail: "Send the file as the last part, named file.",
				fields: map[string]string{"file": "Send the file as the last part, named file."}}
		} else if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return tooLarge(limit)
		} else if err != nil { // a malformed part, a NUL in its header
			return haki.Errorf(haki.EINVALID, "The form could not be read.")
		}
		if err := httpx.CheckText(part.FormName(), part.FileName()); err != nil {
			return err
		}
		var field *string
		switch part.FormName() {
		case "owner_kind":
			if !ownerParts {
				continue
			}
			field = &ev.OwnerKind
		case "owner_id":
			if !ownerParts {
				continue
			}
			field = &ev.OwnerID
		case "kind":
			field = &ev.Kind
		case "description":
			field = &ev.Description
		case "clinical": // "1": a photograph of a medico-legal evaluation
			v, err := io.ReadAll(io.LimitReader(part, 8))
			if err != nil {
				return err
			}
			ev.Clinical = string(v) == "1"
			continue
		case "file":
			ev.Filename = part.FileName()
			if i := strings.LastIndexAny(ev.Filename, `/\`); i >= 0 {
				ev.Filename = ev.Filename[i+1:]
			}
			if err := s.evidence.CreateEvidence(r.Context(), ev, part); err != nil {
				return s.uploadError(err, limit)
			}
			return writeCreated(w, v1+"/evidence/"+ev.ID, ev)
		default:
			continue
		}
		if *field, err = readPart(part); err != nil {
			return s.uploadError(err, limit)
		}
	}
}

// uploadError turns a body over the limit into 413.
func (s *Server) uploadError(err error, limit int64) error {
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return tooLarge(limit)
	}
	return err
}

func readPart(p *multipart.Part) (string, error) {
	b, err := io.ReadAll(io.LimitReader(p, maxUploadField+1))
	if err != nil {
		return "", err
	}
	if len(b) > maxUploadField {
		return "", &problem{status: http.StatusBadRequest, kind: "body-too-large", detail: "A part of the form is too long."}
	}
	if err := httpx.CheckText(string(b)); err != nil {
		return "", err
	}
	return strings.TrimSpace(string(b)), nil
}

// getEvidence returns a file's record and chain of custody; the view is
// recorded in it.
func (s *Server) getEvidence(w http.ResponseWriter, r *http.Request) error {
	ev, custody, err := s.evidence.FindEvidenceByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, EvidenceRecord{Evidence: *ev, Custody: custody})
}

// downloadEvidence streams the decrypted file once the store has recorded
// the reason and checked the file against its hash.
func (s *Server) downloadEvidence(w http.ResponseWriter, r *http.Request) error {
	var req DownloadRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	ev, body, err := s.evidence.OpenEvidence(r.Context(), r.PathValue("id"), haki.CustodyDownload, req.Reason)
	if err != nil {
		return err
	}
	defer body.Close()
	httpx.DownloadHeaders(w.Header(), ev.ContentType, ev.DownloadName())
	w.Header().Set("Content-Length", strconv.FormatInt(ev.Size, 10))
	if _, err := io.CopyBuffer(w, body, make([]byte, 64<<10)); err != nil {
		s.logger.ErrorContext(r.Context(), "evidence download", "err", err, "evidence", ev.ID,
			"request_id", haki.RequestIDFromContext(r.Context()))
	}
	return nil
}
