package api

import (
	"net/http"

	"github.com/haki-kenya/haki"
)

// DismissJSON names a pair judged not to be duplicates.
type DismissJSON struct {
	Kind     string `json:"kind"`
	FirstID  string `json:"first_id"`
	SecondID string `json:"second_id"`
}

// CompareJSON is a candidate pair side by side: both records' mergeable
// fields, the score and the reasons.
type CompareJSON struct {
	Kind    string                 `json:"kind"`
	First   haki.DuplicateRecord   `json:"first"`
	Second  haki.DuplicateRecord   `json:"second"`
	Score   int                    `json:"score"`
	Reasons []haki.DuplicateReason `json:"reasons"`
	Fields  []haki.FieldDiff       `json:"fields"`
}

// listDuplicates answers the candidate duplicate pairs, strongest first.
func (s *Server) listDuplicates(w http.ResponseWriter, r *http.Request) error {
	f := haki.DuplicateFilter{Kind: r.URL.Query().Get("kind"), CountyCode: r.URL.Query().Get("county")}
	var err error
	if f.Days, err = intParam(r, "days"); err != nil {
		return err
	}
	if f.Limit, err = intParam(r, "limit"); err != nil {
		return err
	}
	pairs, err := s.store.FindDuplicates(r.Context(), f)
	if err != nil {
		return err
	}
	return writeList(w, pairs, "")
}

// compareDuplicates answers two persons or incidents side by side.
func (s *Server) compareDuplicates(w http.ResponseWriter, r *http.Request) error {
	c, err := s.store.CompareDuplicates(r.Context(), r.PathValue("kind"), r.PathValue("first"), r.PathValue("second"))
	if err != nil {
		return err
	}
	out := CompareJSON{Kind: c.Kind, Score: c.Score, Reasons: c.Reasons, Fields: c.Fields}
	out.First, out.Second = c.FirstRecord(), c.SecondRecord()
	return writeJSON(w, http.StatusOK, out)
}

// dismissDuplicate records that a pair are not duplicates.
func (s *Server) dismissDuplicate(w http.ResponseWriter, r *http.Request) error {
	var d DismissJSON
	if err := decode(w, r, &d); err != nil {
		return err
	}
	if err := s.store.DismissDuplicate(r.Context(), d.Kind, d.FirstID, d.SecondID); err != nil {
		return err
	}
	return noContent(w)
}

// createMerge merges one person or incident into another.
func (s *Server) createMerge(w http.ResponseWriter, r *http.Request) error {
	var req haki.MergeRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	m, err := s.store.Merge(r.Context(), req)
	if err != nil {
		return err
	}
	return writeCreated(w, v1+"/merges/"+m.ID, m)
}

// getMerge answers a merge.
func (s *Server) getMerge(w http.ResponseWriter, r *http.Request) error {
	m, err := s.store.FindMerge(r.Context(), r.PathValue("merge"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, m)
}

// undoMerge undoes a merge.
func (s *Server) undoMerge(w http.ResponseWriter, r *http.Request) error {
	m, err := s.store.UndoMerge(r.Context(), r.PathValue("merge"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, m)
}
