package api

import (
	"io"
	"net/http"
	"strings"

	"github.com/haki-kenya/haki"
)

// createCaseEvidence attaches a document to a case: multipart/form-data
// with the parts kind, description and, last, file. It needs case.work,
// so a network professional can upload to the cases assigned to them,
// which POST /evidence (incident.write) does not allow.
func (s *Server) createCaseEvidence(w http.ResponseWriter, r *http.Request) error {
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
	ev := &haki.Evidence{OwnerKind: haki.OwnerCase, OwnerID: r.PathValue("id")}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return &problem{status: http.StatusUnprocessableEntity, kind: "validation", detail: "Send the file as the last part, named file.",
				fields: map[string]string{"file": "Send the file as the last part, named file."}}
		} else if err != nil {
			return s.uploadError(err, limit)
		}
		var field *string
		switch part.FormName() {
		case "kind":
			field = &ev.Kind
		case "description":
			field = &ev.Description
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
