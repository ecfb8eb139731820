package api

import (
	"net/http"

	"github.com/haki-kenya/haki"
)

// MatterJSON is a legal matter as the API reads and writes it: the filing
// date is a day. override_reason is an administrator's written reason to
// create a matter without the client's litigation consent.
type MatterJSON struct {
	haki.LegalMatter
	FiledOn        Date   `json:"filed_on"`
	OverrideReason string `json:"override_reason,omitempty"`
}

func matterJSON(m *haki.LegalMatter) *MatterJSON {
	return &MatterJSON{LegalMatter: *m, FiledOn: Date{m.FiledOn}}
}

func (mj *MatterJSON) domain() *haki.LegalMatter {
	m := mj.LegalMatter
	m.FiledOn = mj.FiledOn.Time
	return &m
}

// HearingJSON is a hearing as the API reads and writes it: starts_at is an
// RFC 3339 instant, next_date a day.
type HearingJSON struct {
	haki.Hearing
	NextDate Date `json:"next_date"`
}

func hearingJSON(h *haki.Hearing) *HearingJSON {
	return &HearingJSON{Hearing: *h, NextDate: Date{h.NextDate}}
}

func (hj *HearingJSON) domain() *haki.Hearing {
	h := hj.Hearing
	h.NextDate = hj.NextDate.Time
	return &h
}

func (s *Server) listMatters(w http.ResponseWriter, r *http.Request) error {
	ms, err := s.store.FindMatters(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	out := make([]*MatterJSON, len(ms))
	for i, m := range ms {
		out[i] = matterJSON(m)
	}
	return writeList(w, out, "")
}

func (s *Server) createMatter(w http.ResponseWriter, r *http.Request) error {
	var in MatterJSON
	if err := decode(w, r, &in); err != nil {
		return err
	}
	m := in.domain()
	m.CaseID = r.PathValue("id")
	if err := s.store.CreateMatter(r.Context(), m, in.OverrideReason); err != nil {
		return err
	}
	got, err := s.store.FindMatterByID(r.Context(), m.ID)
	if err != nil {
		return err
	}
	return writeCreated(w, v1+"/matters/"+m.ID, matterJSON(got))
}

func (s *Server) getMatter(w http.ResponseWriter, r *http.Request) error {
	m, err := s.store.FindMatterByID(r.Context(), r.PathValue("matter"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, matterJSON(m))
}

func (s *Server) updateMatter(w http.ResponseWriter, r *http.Request) error {
	var in MatterJSON
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := requireVersion(in.Version); err != nil {
		return err
	}
	m := in.domain()
	m.ID = r.PathValue("matter")
	if err := s.store.UpdateMatter(r.Context(), m); err != nil {
		return err
	}
	got, err := s.store.FindMatterByID(r.Context(), m.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, matterJSON(got))
}

func (s *Server) listHearings(w http.ResponseWriter, r *http.Request) error {
	hs, err := s.store.FindHearings(r.Context(), r.PathValue("matter"))
	if err != nil {
		return err
	}
	out := make([]*HearingJSON, len(hs))
	for i, h := range hs {
		out[i] = hearingJSON(h)
	}
	return writeList(w, out, "")
}

func (s *Server) createHearing(w http.ResponseWriter, r *http.Request) error {
	var in HearingJSON
	if err := decode(w, r, &in); err != nil {
		return err
	}
	h := in.domain()
	h.MatterID = r.PathValue("matter")
	if err := s.store.CreateHearing(r.Context(), h); err != nil {
		return err
	}
	return writeCreated(w, v1+"/hearings/"+h.ID, hearingJSON(h))
}

func (s *Server) getHearing(w http.ResponseWriter, r *http.Request) error {
	h, err := s.store.FindHearingByID(r.Context(), r.PathValue("hearing"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, hearingJSON(h))
}

func (s *Server) updateHearing(w http.ResponseWriter, r *http.Request) error {
	var in HearingJSON
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := requireVersion(in.Version); err != nil {
		return err
	}
	h := in.domain()
	h.ID = r.PathValue("hearing")
	if err := s.store.UpdateHearing(r.Context(), h); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, hearingJSON(h))
}
