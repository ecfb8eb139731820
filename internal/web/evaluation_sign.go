package web

import (
	"net/http"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
)

// evaluationSign saves the draft as typed, then signs it with a fresh
// code from the evaluator's second factor. What keeps it from being signed
// is shown beside the fields, with a summary at the top; the typed content
// is saved either way.
func (s *Server) evaluationSign(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	cur, e, f, _, err := s.postedEvaluation(r, false)
	if err != nil {
		return err
	}
	if err := s.saveChecked(ctx, f, e); err != nil {
		return s.evaluationFormAgain(w, r, e, err)
	}
	if err := e.ReadyToSign(); err != nil {
		// Say at once all that is missing, the code included.
		if fields := haki.ErrorFields(err); f.str("current_code") == "" && fields != nil {
			fields["current_code"] = "Type the code your authenticator app shows now."
		}
		return s.evaluationFormAgain(w, r, e, err)
	}
	proof := store.AccountProof{Session: currentToken(r), Code: f.str("current_code"), Lockout: s.lockout}
	signed, err := s.store.SignEvaluation(ctx, e.ID, e.Version, proof)
	if err == store.ErrLockedOut {
		s.setSessionCookie(w, "", -1) // the store ended the session
		return err
	}
	if haki.ErrorCode(err) == haki.EFORBIDDEN && cur.EvaluatorID == haki.UserFromContext(ctx).ID {
		// No second factor yet: say so on the form, which keeps its content.
		err = &haki.Error{Code: haki.EINVALID, Message: haki.ErrorMessage(err),
			Fields: map[string]string{"current_code": haki.ErrorMessage(err)}}
	}
	if err != nil {
		return s.evaluationFormAgain(w, r, e, err)
	}
	return s.redirect(w, r, "/evaluations/"+signed.ID, "flash.evaluation_signed")
}

// evaluationAddendum signs a correction or addition to a signed
// evaluation.
func (s *Server) evaluationAddendum(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	e, err := s.store.FindEvaluation(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	f := newForm(r)
	a := &haki.Addendum{Reason: f.str("reason"), Text: f.str("text")}
	proof := store.AccountProof{Session: currentToken(r), Code: f.str("current_code"), Lockout: s.lockout}
	err = s.store.AddAddendum(ctx, e.ID, a, proof)
	if err == store.ErrLockedOut {
		s.setSessionCookie(w, "", -1)
		return err
	}
	if err == nil {
		return s.redirect(w, r, "/evaluations/"+e.ID+"#addenda", "flash.evaluation_addendum")
	}
	fields, ok := fieldErrors(err)
	if !ok {
		return err
	}
	p, perr := s.loadEvaluationPage(w, r, e)
	if perr != nil {
		return perr
	}
	p.Errors, p.Addendum = fields, a
	p.Message = p.cat.Message(p.Lang, haki.ErrorMessage(err))
	return s.render(w, r, http.StatusUnprocessableEntity, "evaluation_show", p)
}
