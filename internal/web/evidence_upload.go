package web

import (
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/config"
	"github.com/haki-kenya/haki/internal/httpx"
)

// uploadOverhead is what a multipart body may carry beside the file: the
// boundaries, the CSRF token, the kind and the description.
const uploadOverhead = 64 << 10

// maxUploadField bounds each text field of an upload form.
const maxUploadField = 16 << 10

// errTooLarge is the answer to a body over the upload limit.
var errTooLarge = errors.New("upload too large")

// handleUpload registers a multipart upload route. Unlike handle it does
// not read the body into a form first: the size is checked against the
// limit before anything is read, and the file is streamed to the store. The
// CSRF token must be the form's first field, so it is checked before the
// file is read.
func (s *Server) handleUpload(pattern string, perm haki.Permission, h handlerFunc) {
	s.routes = append(s.routes, route{pattern, perm})
	body := func(w http.ResponseWriter, r *http.Request) error {
		limit := s.uploadLimit() + uploadOverhead
		if r.ContentLength > limit {
			return errTooLarge
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		return h(w, r)
	}
	s.mux.Handle(pattern, httpx.Guard{Perm: perm}.Handle(body, s.failUpload))
}

// failUpload answers a refused upload: 413 for a file over the limit,
// what fail answers otherwise.
func (s *Server) failUpload(w http.ResponseWriter, r *http.Request, err error) {
	var tooBig *http.MaxBytesError
	if !errors.Is(err, errTooLarge) && !errors.As(err, &tooBig) {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Connection", "close") // the rest of the body is not read
	p := s.page(w, r, "error.title")
	if rerr := s.render(w, r, http.StatusRequestEntityTooLarge, "error", errorPage{Page: p,
		Status: http.StatusRequestEntityTooLarge, Message: p.T("evidence.too_large")}); rerr != nil {
		http.Error(w, "Request too large", http.StatusRequestEntityTooLarge)
	}
}

func (s *Server) uploadLimit() int64 {
	if s.maxUpload > 0 {
		return s.maxUpload
	}
	return config.DefaultMaxUpload
}

// evidenceUpload stores a file sent from the evidence section of an
// incident's or a case's page.
func (s *Server) evidenceUpload(ownerKind string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		mr, err := r.MultipartReader()
		if err != nil {
			return haki.Errorf(haki.EINVALID, "The form could not be read.")
		}
		ev, back := &haki.Evidence{OwnerKind: ownerKind, OwnerID: r.PathValue("id")}, ""
		sess, csrfOK := httpx.SessionFromContext(r.Context()), false
		if sess != nil && httpx.CSRFMatches(sess.CSRFToken, r.Header.Get(httpx.CSRFHeader)) {
			csrfOK = true // htmx sent the token as a header
		}
		for first := true; ; first = false {
			part, err := mr.NextPart()
			if err == io.EOF {
				return &haki.Error{Code: haki.EINVALID, Message: "Choose a file.", Fields: map[string]string{"file": "Choose a file."}}
			} else if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
				return err
			} else if err != nil { // a malformed part, a NUL in its header
				return haki.Errorf(haki.EINVALID, "The form could not be read.")
			}
			name := part.FormName()
			if err := httpx.CheckText(name, part.FileName()); err != nil {
				return err
			}
			if first && sess != nil && !csrfOK {
				// The token comes first, so a forged post is refused before its file is read.
				v, err := readField(part)
				if err != nil {
					return err
				}
				if name != "csrf" || !httpx.CSRFMatches(sess.CSRFToken, v) {
					return errCSRF
				}
				csrfOK = true
				continue
			}
			if sess != nil && !csrfOK {
				return errCSRF
			}
			switch name {
			case "kind":
				if ev.Kind, err = readField(part); err != nil {
					return err
				}
			case "description":
				if ev.Description, err = readField(part); err != nil {
					return err
				}
			case "clinical": // a photograph for a medico-legal evaluation
				v, err := readField(part)
				if err != nil {
					return err
				}
				ev.Clinical = v == "1"
			case "return": // back to the evaluation the photograph is for
				if back, err = readField(part); err != nil {
					return err
				}
			case "file":
				ev.Filename = safeFilename(part.FileName())
				if err := s.evidence.CreateEvidence(r.Context(), ev, part); err != nil {
					return err
				}
				if evaluationPath.MatchString(back) {
					return s.redirect(w, r, back+"?photo="+ev.ID+"#findings", "flash.created")
				}
				return s.redirect(w, r, "/evidence/"+ev.ID, "flash.created")
			}
		}
	}
}

// evaluationPath is the one place an upload may return to besides the
// file's page: an evaluation's, by its id.
var evaluationPath = regexp.MustCompile(`^/evaluations/[0-9a-f-]{36}$`)

// readField reads a small text field of a multipart form.
func readField(p *multipart.Part) (string, error) {
	b, err := io.ReadAll(io.LimitReader(p, maxUploadField+1))
	if err != nil {
		return "", err
	}
	if len(b) > maxUploadField {
		return "", haki.Errorf(haki.EINVALID, "A field of the form is too long.")
	}
	if err := httpx.CheckText(string(b)); err != nil {
		return "", err
	}
	return strings.TrimSpace(string(b)), nil
}

// safeFilename keeps the last element of an uploaded name, for the record
// only: files are stored and served under server-made names.
func safeFilename(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, name)
	if len(name) > 200 {
		name = name[:200]
	}
	return name
}
