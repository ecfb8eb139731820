package web

import (
	"net/http"

	"github.com/haki-kenya/haki"
)

// intakeListPage lists the caller's unfinished intakes.
type intakeListPage struct {
	Page
	Drafts []intakeListItem
}

type intakeListItem struct {
	Draft  *haki.IntakeDraft
	Client string // the client's reference or name as far as the draft got
}

// intakeList shows "My unfinished intakes", each resumable at its step or
// discardable, and the way to start a new one.
func (s *Server) intakeList(w http.ResponseWriter, r *http.Request) error {
	drafts, err := s.store.FindIntakeDrafts(r.Context())
	if err != nil {
		return err
	}
	p := intakeListPage{Page: s.page(w, r, "intake.list.title")}
	for _, d := range drafts {
		item := intakeListItem{Draft: d}
		if data, err := decodeIntake(d.Data); err == nil {
			switch {
			case data.Client != nil:
				item.Client = data.Client.Ref + " · " + data.Client.Name
			case data.NewClient:
				item.Client = data.Person.FullName
			}
		}
		p.Drafts = append(p.Drafts, item)
	}
	return s.render(w, r, http.StatusOK, "intake_list", p)
}

// intakeDelete discards a draft.
func (s *Server) intakeDelete(w http.ResponseWriter, r *http.Request) error {
	if err := s.store.DeleteIntakeDraft(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	return s.redirect(w, r, "/intakes", "flash.deleted")
}
