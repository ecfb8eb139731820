package api

import (
	"net/http"
	"strings"

	"github.com/haki-kenya/haki"
)

// getExchange answers the verified incidents the caller may see as a
// signed exchange document (haki.Exchange) for another instance of the
// coalition. The store checks the permission and audits the export.
func (s *Server) getExchange(w http.ResponseWriter, r *http.Request) error {
	e, err := s.store.ExportExchange(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, e)
}

// postExchange imports an exchange document from an instance named in
// trust (comma-separated instance identities): its signature is checked,
// then its batch written as POST /batch writes one, with dry_run and
// valid_only.
func (s *Server) postExchange(w http.ResponseWriter, r *http.Request) error {
	opt, err := batchOptions(r)
	if err != nil {
		return err
	}
	trust := strings.Split(r.URL.Query().Get("trust"), ",")
	var e haki.Exchange
	if err := decodeMax(w, r, &e, MaxBatchBodyBytes); err != nil {
		return err
	}
	res, err := s.store.ImportExchange(r.Context(), &e, trust, opt)
	if haki.ErrorCode(err) == haki.EINVALID && res != nil {
		return writeJSON(w, http.StatusUnprocessableEntity, res)
	} else if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, res)
}
