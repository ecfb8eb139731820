package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/haki-kenya/haki"
)

// matterFormPage is the form of a new or changed legal matter.
type matterFormPage struct {
	Page
	followupHelpers
	Case     *haki.Case
	Matter   *haki.LegalMatter
	Choices  []*haki.MatterAccused // the perpetrators of the case's incidents
	Counsel  []*haki.User          // colleagues who may be counsel
	FiledOn  string                // as typed
	Amount   string                // compensation as typed
	Override string                // an administrator's reason to act without consent
	Action   string
}

// staffUsers lists the enabled colleagues who work on cases.
func (s *Server) staffUsers(ctx context.Context) ([]*haki.User, error) {
	users, err := s.store.FindUsers(ctx)
	if err != nil {
		return nil, err
	}
	var out []*haki.User
	for _, u := range users {
		if !u.Disabled && u.Can(haki.PermTasks) {
			out = append(out, u)
		}
	}
	return out, nil
}

func (s *Server) renderMatterForm(w http.ResponseWriter, r *http.Request, p matterFormPage, status int) error {
	ctx := r.Context()
	var err error
	if p.Choices, err = s.store.FindAccusedChoices(ctx, p.Case.ID); err != nil {
		return err
	}
	if p.Counsel, err = s.staffUsers(ctx); err != nil {
		return err
	}
	return s.render(w, r, status, "matter_form", p)
}

func (s *Server) matterNew(w http.ResponseWriter, r *http.Request) error {
	c, err := s.store.FindCaseByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	p := matterFormPage{Page: s.page(w, r, "matter.new.title"), Case: c, Action: "/cases/" + c.ID + "/matters",
		Matter: &haki.LegalMatter{CaseID: c.ID, Status: "preparing", Outcome: "pending"}}
	return s.renderMatterForm(w, r, p, http.StatusOK)
}

func (s *Server) matterEdit(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	m, err := s.store.FindMatterByID(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	c, err := s.store.FindCaseByID(ctx, m.CaseID)
	if err != nil {
		return err
	}
	p := matterFormPage{Page: s.page(w, r, "matter.edit.title"), Case: c, Matter: m, Action: "/matters/" + m.ID,
		FiledOn: followupHelpers{}.Day(m.FiledOn)}
	if m.CompensationKES > 0 {
		p.Amount = strconv.FormatInt(m.CompensationKES, 10)
	}
	return s.renderMatterForm(w, r, p, http.StatusOK)
}

// readMatter fills a matter from the form.
func readMatter(f *form) *haki.LegalMatter {
	return &haki.LegalMatter{Court: f.str("court"), CourtStation: f.str("court_station"), CaseNumber: f.str("case_number"),
		Kind: f.str("kind"), Status: f.str("status"), FiledOn: day(f, "filed_on"), CounselUserID: f.str("counsel_user_id"),
		CounselName: f.str("counsel_name"), AccusedIDs: f.strs("accused_ids"), Outcome: f.str("outcome"), Sentence: f.str("sentence"),
		CompensationKES: shillings(f, "compensation_kes"), Notes: f.str("notes"), Version: f.version()}
}

func (s *Server) matterCreate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	c, err := s.store.FindCaseByID(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	f := newForm(r)
	m := readMatter(f)
	m.CaseID = c.ID
	override := f.str("override_reason")
	m.Normalize()
	err = f.check(func() error { return m.Validate(s.now()) })
	if err == nil {
		err = s.store.CreateMatter(ctx, m, override)
	}
	if fields, ok := fieldErrors(err); ok {
		p := matterFormPage{Page: s.page(w, r, "matter.new.title"), Case: c, Matter: m, Action: "/cases/" + c.ID + "/matters",
			FiledOn: f.str("filed_on"), Amount: f.str("compensation_kes"), Override: override}
		p.Errors = fields
		return s.renderMatterForm(w, r, p, http.StatusUnprocessableEntity)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/matters/"+m.ID, "flash.created")
}

func (s *Server) matterUpdate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	before, err := s.store.FindMatterByID(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	f := newForm(r)
	m := readMatter(f)
	m.ID, m.CaseID = before.ID, before.CaseID
	m.Normalize()
	err = f.check(func() error { return m.Validate(s.now()) })
	if err == nil {
		err = s.store.UpdateMatter(ctx, m)
	}
	if fields, ok := fieldErrors(err); ok {
		c, err := s.store.FindCaseByID(ctx, m.CaseID)
		if err != nil {
			return err
		}
		p := matterFormPage{Page: s.page(w, r, "matter.edit.title"), Case: c, Matter: m, Action: "/matters/" + m.ID,
			FiledOn: f.str("filed_on"), Amount: f.str("compensation_kes")}
		p.Errors = fields
		return s.renderMatterForm(w, r, p, http.StatusUnprocessableEntity)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/matters/"+m.ID, "flash.saved")
}

// matterShowPage is a legal matter with its hearings.
type matterShowPage struct {
	Page
	followupHelpers
	Case     *haki.Case
	Matter   *haki.LegalMatter
	Hearings []*haki.Hearing
}

func (s *Server) matterShow(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	m, err := s.store.FindMatterByID(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	c, err := s.store.FindCaseByID(ctx, m.CaseID)
	if err != nil {
		return err
	}
	p := matterShowPage{Page: s.page(w, r, "matter.show.title"), Case: c, Matter: m}
	p.Title = p.T("matter.kind."+m.Kind) + " · " + c.Ref
	if p.Hearings, err = s.store.FindHearings(ctx, m.ID); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "matter_show", p)
}
