package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/haki-kenya/haki"
)

// The review of a candidate pair: both records field by field, the fields
// that differ marked, each with a choice of which value to keep; the
// records each is linked to (a person's acts, sources and cases; an
// incident's acts and sources); a merge form (which record survives, which
// values it keeps) and "not a duplicate". The store checks access: a record
// the caller may not see is not found. Merging and dismissing are POSTs.

type duplicateReviewPage struct {
	Page
	Vocab      Vocab
	Counties   places
	Kind       string
	Compare    *haki.DuplicateComparison
	First      haki.DuplicateRecord
	Second     haki.DuplicateRecord
	Records    [2]*haki.PersonRecords
	Acts       [2][]*haki.Act
	Sources    [2][]*haki.Source
	ActionBase string
	Problem    string // why the merge was refused
}

// reviewKind reads the kind from the path: /duplicates/persons/... or
// /duplicates/incidents/...
func reviewKind(r *http.Request) string {
	if strings.HasPrefix(r.URL.Path, "/duplicates/incidents/") {
		return haki.DuplicateIncident
	}
	return haki.DuplicatePerson
}

func (s *Server) duplicateReview(w http.ResponseWriter, r *http.Request) error {
	p, err := s.loadDuplicateReview(w, r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "duplicate_review", p)
}

func (s *Server) loadDuplicateReview(w http.ResponseWriter, r *http.Request) (duplicateReviewPage, error) {
	ctx := r.Context()
	kind, a, b := reviewKind(r), r.PathValue("a"), r.PathValue("b")
	p := duplicateReviewPage{Page: s.page(w, r, "duplicates.review.title"), Kind: kind}
	c, err := s.store.CompareDuplicates(ctx, kind, a, b)
	if err != nil {
		return p, err
	}
	p.Compare, p.First, p.Second = c, c.FirstRecord(), c.SecondRecord()
	p.ActionBase = "/duplicates/" + kind + "s/" + a + "/" + b
	if p.Counties, err = s.counties(ctx); err != nil {
		return p, err
	}
	if p.Vocab, err = s.vocab(ctx, p.Lang, "sex", "act_type", "source_kind", "case_status", "context", "verification", "incident_type"); err != nil {
		return p, err
	}
	for i, id := range []string{a, b} {
		if kind == haki.DuplicatePerson {
			if p.Records[i], err = s.store.FindPersonRecords(ctx, id); err != nil {
				return p, err
			}
			continue
		}
		if p.Acts[i], err = s.store.FindActs(ctx, id); err != nil {
			return p, err
		}
		if p.Sources[i], err = s.store.FindSources(ctx, id); err != nil {
			return p, err
		}
	}
	return p, nil
}

// duplicateMerge merges the pair: keep (first or second) names the
// survivor; for each differing field, the radio take_<field> says whose
// value the survivor keeps.
func (s *Server) duplicateMerge(w http.ResponseWriter, r *http.Request) error {
	f := newForm(r)
	kind, a, b := reviewKind(r), r.PathValue("a"), r.PathValue("b")
	req := haki.MergeRequest{Kind: kind, SurvivorID: a, MergedID: b}
	survivorSide, mergedSide := "first", "second"
	if f.str("keep") == "second" {
		req.SurvivorID, req.MergedID = b, a
		survivorSide, mergedSide = "second", "first"
	}
	for _, field := range haki.MergeFields(kind) {
		if f.str("take_"+field) == mergedSide {
			req.Take = append(req.Take, field)
		}
	}
	req.SurvivorVersion, _ = strconv.Atoi(f.str("version_" + survivorSide))
	req.MergedVersion, _ = strconv.Atoi(f.str("version_" + mergedSide))
	m, err := s.store.Merge(r.Context(), req)
	if code := haki.ErrorCode(err); code == haki.ECONFLICT || code == haki.EINVALID {
		// Say why (changed since compared; a value the survivor cannot take).
		p, lerr := s.loadDuplicateReview(w, r)
		if lerr != nil {
			return lerr
		}
		p.Problem = p.cat.Message(p.Lang, haki.ErrorMessage(err))
		p.Errors = haki.ErrorFields(err)
		return s.render(w, r, http.StatusConflict, "duplicate_review", p)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/merges/"+m.ID, "flash.merged")
}

// duplicateDismiss records that the pair are not duplicates.
func (s *Server) duplicateDismiss(w http.ResponseWriter, r *http.Request) error {
	if err := s.store.DismissDuplicate(r.Context(), reviewKind(r), r.PathValue("a"), r.PathValue("b")); err != nil {
		return err
	}
	return s.redirect(w, r, "/duplicates", "flash.dismissed")
}

type mergeShowPage struct {
	Page
	Merge   *haki.Merge
	Href    string // where the kind's records live: /persons/ or /incidents/
	Problem string // why the undo was refused
}

// UndoneWhen is when the merge was undone, "" if it was not.
func (p mergeShowPage) UndoneWhen() string {
	if p.Merge.UndoneAt == nil {
		return ""
	}
	return p.When(*p.Merge.UndoneAt)
}

func (s *Server) mergeShow(w http.ResponseWriter, r *http.Request) error {
	m, err := s.store.FindMerge(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	p := mergeShowPage{Page: s.page(w, r, "merge.title"), Merge: m, Href: "/" + m.Kind + "s/"}
	return s.render(w, r, http.StatusOK, "merge_show", p)
}

func (s *Server) mergeUndo(w http.ResponseWriter, r *http.Request) error {
	m, err := s.store.UndoMerge(r.Context(), r.PathValue("id"))
	if haki.ErrorCode(err) == haki.ECONFLICT {
		// The refusal says what changed and what to do instead.
		m, ferr := s.store.FindMerge(r.Context(), r.PathValue("id"))
		if ferr != nil {
			return ferr
		}
		p := mergeShowPage{Page: s.page(w, r, "merge.title"), Merge: m, Href: "/" + m.Kind + "s/"}
		p.Problem = p.cat.Message(p.Lang, haki.ErrorMessage(err))
		return s.render(w, r, http.StatusConflict, "merge_show", p)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/merges/"+m.ID, "flash.merge_undone")
}

// followMerge answers a read of a merged record: a redirect to the record
// it was merged into, when the caller may see that; err otherwise.
func (s *Server) followMerge(w http.ResponseWriter, r *http.Request, kind string, err error) error {
	if haki.ErrorCode(err) != haki.ENOTFOUND {
		return err
	}
	into, ferr := s.store.MergedInto(r.Context(), kind, r.PathValue("id"))
	if ferr != nil {
		return err
	}
	return s.redirect(w, r, "/"+kind+"s/"+into, "flash.merged_into")
}
