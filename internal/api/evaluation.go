package api

import (
	"errors"
	"io"
	"maps"
	"net/http"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
)

// Medico-legal evaluations to the Istanbul Protocol (store/evaluation*.go).
// They are read where their case is; their content only by the evaluator
// and staff granted clinical access (others get restricted: true and no
// content); written by their evaluator, a clinician of the directory;
// signed, and added to, with a fresh code from the signer's second factor.

// EvaluationJSON is an evaluation as the API shows it: dates as days.
type EvaluationJSON struct {
	haki.Evaluation
	ExaminedOn Date `json:"examined_on"`
}

func evaluationJSON(e *haki.Evaluation) *EvaluationJSON {
	return &EvaluationJSON{Evaluation: *e, ExaminedOn: Date{e.ExaminedOn}}
}

// EvaluationInJSON is what a clinician writes of an evaluation: its kind,
// day, qualifications and content; version is the version read (for a
// change).
type EvaluationInJSON struct {
	Kind           string `json:"kind"`
	ExaminedOn     Date   `json:"examined_on"`
	Qualifications string `json:"qualifications,omitempty"`
	Version        int    `json:"version,omitempty"`
	haki.EvaluationContent
}

func (in *EvaluationInJSON) domain(id, caseID string) *haki.Evaluation {
	return &haki.Evaluation{ID: id, CaseID: caseID, Kind: in.Kind, ExaminedOn: in.ExaminedOn.Time, Qualifications: in.Qualifications,
		Version: in.Version, EvaluationContent: in.EvaluationContent}
}

// SignJSON is the signer's fresh second-factor code and, for an
// evaluation, the version signed.
type SignJSON struct {
	Version int    `json:"version,omitempty"`
	Code    string `json:"code"`
}

// AddendumJSON is a signed addition to a signed evaluation.
type AddendumJSON struct {
	Reason string `json:"reason"`
	Text   string `json:"text"`
	Code   string `json:"code"`
}

// MatterLinkJSON names the legal matter an evaluation is an exhibit in ("" for none).
type MatterLinkJSON struct {
	MatterID string `json:"matter_id"`
}

func (s *Server) listEvaluations(w http.ResponseWriter, r *http.Request) error {
	list, err := s.store.FindEvaluations(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	out := make([]*EvaluationJSON, len(list))
	for i, e := range list {
		out[i] = evaluationJSON(e)
	}
	return writeList(w, out, "")
}

func (s *Server) getEvaluation(w http.ResponseWriter, r *http.Request) error {
	e, err := s.store.FindEvaluation(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, evaluationJSON(e))
}

func (s *Server) createEvaluation(w http.ResponseWriter, r *http.Request) error {
	var in EvaluationInJSON
	if err := decode(w, r, &in); err != nil {
		return err
	}
	e := in.domain("", r.PathValue("id"))
	if err := s.store.CreateEvaluation(r.Context(), e); err != nil {
		return err
	}
	return writeCreated(w, v1+"/evaluations/"+e.ID, evaluationJSON(e))
}

// updateEvaluation replaces a draft's content (the version read).
func (s *Server) updateEvaluation(w http.ResponseWriter, r *http.Request) error {
	var in EvaluationInJSON
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := requireVersion(in.Version); err != nil {
		return err
	}
	e := in.domain(r.PathValue("id"), "")
	if err := s.store.SaveEvaluation(r.Context(), e); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, evaluationJSON(e))
}

func (s *Server) signEvaluation(w http.ResponseWriter, r *http.Request) error {
	var in SignJSON
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := requireVersion(in.Version); err != nil {
		return err
	}
	e, err := s.store.SignEvaluation(r.Context(), r.PathValue("id"), in.Version, store.AccountProof{Code: in.Code})
	if err != nil {
		return codeField(err)
	}
	return writeJSON(w, http.StatusOK, evaluationJSON(e))
}

func (s *Server) addAddendum(w http.ResponseWriter, r *http.Request) error {
	var in AddendumJSON
	if err := decode(w, r, &in); err != nil {
		return err
	}
	a := &haki.Addendum{Reason: in.Reason, Text: in.Text}
	if err := s.store.AddAddendum(r.Context(), r.PathValue("id"), a, store.AccountProof{Code: in.Code}); err != nil {
		return codeField(err)
	}
	return writeCreated(w, v1+"/evaluations/"+r.PathValue("id"), a)
}

// codeField names a wrong authenticator code after the body's field, code,
// where the store, which also checks it for account changes, says
// current_code.
func codeField(err error) error {
	var herr *haki.Error
	if errors.As(err, &herr) && herr.Fields["current_code"] != "" && herr.Fields["code"] == "" {
		fields := maps.Clone(herr.Fields)
		fields["code"] = fields["current_code"]
		delete(fields, "current_code")
		return &haki.Error{Code: herr.Code, Message: herr.Message, Fields: fields}
	}
	return err
}

func (s *Server) putEvaluationMatter(w http.ResponseWriter, r *http.Request) error {
	var in MatterLinkJSON
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := s.store.LinkEvaluationMatter(r.Context(), r.PathValue("id"), in.MatterID); err != nil {
		return err
	}
	return noContent(w)
}

func (s *Server) listInstruments(w http.ResponseWriter, r *http.Request) error {
	list, err := s.store.FindInstruments(r.Context())
	if err != nil {
		return err
	}
	return writeList(w, list, "")
}

// createInstrument adds an instrument, or a new version of one, from its
// definition (the body, as docs/EVALUATIONS.md describes it).
func (s *Server) createInstrument(w http.ResponseWriter, r *http.Request) error {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 256<<10))
	if err != nil {
		return haki.Errorf(haki.EINVALID, "The definition is larger than 256 KB.")
	}
	in, err := s.store.SaveInstrument(r.Context(), body)
	if err != nil {
		return err
	}
	return writeCreated(w, v1+"/instruments", in)
}
