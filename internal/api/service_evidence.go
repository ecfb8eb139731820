package api

import (
	"net/http"

	"github.com/haki-kenya/haki"
)

// createCaseEvidence attaches a document to a case: multipart/form-data
// with the parts kind, description and, last, file. It needs case.work,
// so a network professional can upload to the cases assigned to them,
// which POST /evidence (incident.write) does not allow.
func (s *Server) createCaseEvidence(w http.ResponseWriter, r *http.Request) error {
	return s.receiveEvidence(w, r, &haki.Evidence{OwnerKind: haki.OwnerCase, OwnerID: r.PathValue("id")}, false)
}
