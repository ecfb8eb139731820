package api

import (
	"net/http"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
)

// MaxBatchBodyBytes is the largest body of a batch: room for
// haki.MaxBatchIncidents incidents with long narratives.
const MaxBatchBodyBytes = 64 << 20

// postBatch writes a batch of incidents with their persons, acts,
// involvements and sources (haki.Batch) in one transaction: all or
// nothing, or with valid_only=1 the valid rows; dry_run=1 checks and
// writes nothing. It answers the result row by row: 200, or 422 with the
// same result when all or nothing failed. The store checks the
// permission and audits the batch.
func (s *Server) postBatch(w http.ResponseWriter, r *http.Request) error {
	opt, err := batchOptions(r)
	if err != nil {
		return err
	}
	var b haki.Batch
	if err := decodeMax(w, r, &b, MaxBatchBodyBytes); err != nil {
		return err
	}
	res, err := s.store.ApplyBatch(r.Context(), b, opt)
	if haki.ErrorCode(err) == haki.EINVALID && res != nil {
		return writeJSON(w, http.StatusUnprocessableEntity, res)
	} else if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, res)
}

// batchOptions reads dry_run and valid_only, each 0 or 1.
func batchOptions(r *http.Request) (store.BatchOptions, error) {
	var opt store.BatchOptions
	for name, v := range map[string]*bool{"dry_run": &opt.DryRun, "valid_only": &opt.ValidOnly} {
		switch r.URL.Query().Get(name) {
		case "", "0":
		case "1":
			*v = true
		default:
			return opt, badParam(name, "Use 0 or 1.")
		}
	}
	return opt, nil
}
