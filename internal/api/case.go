package api

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/haki-kenya/haki"
)

// Date is a calendar day written as "2024-01-31".
type Date struct{ time.Time }

// MarshalJSON writes the day, or null when unset.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.Format(time.DateOnly))
}

// UnmarshalJSON reads "2024-01-31" (or null).
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		d.Time = time.Time{}
		return nil
	}
	var s string
	if json.Unmarshal(b, &s) != nil {
		return haki.Errorf(haki.EINVALID, "A day is a string such as \"2024-01-31\".")
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return haki.Errorf(haki.EINVALID, "Write the day as 2024-01-31.")
	}
	d.Time = t
	return nil
}

// CaseJSON is a case as the API reads and writes it: the intake date is a
// day, not an instant.
type CaseJSON struct {
	haki.Case
	IntakeDate Date `json:"intake_date"`
}

func caseJSON(c *haki.Case) *CaseJSON { return &CaseJSON{Case: *c, IntakeDate: Date{c.IntakeDate}} }

func (cj *CaseJSON) domain() *haki.Case {
	c := cj.Case
	c.IntakeDate = cj.IntakeDate.Time
	return &c
}

func (s *Server) listCases(w http.ResponseWriter, r *http.Request) error {
	f := haki.CaseFilter{Status: r.URL.Query().Get("status")}
	var err error
	if f.Year, err = intParam(r, "year"); err != nil {
		return err
	}
	if f.Cursor, f.Limit, err = pageParams(r); err != nil {
		return err
	}
	cases, next, err := s.store.FindCases(r.Context(), f)
	if err != nil {
		return err
	}
	items := make([]*CaseJSON, len(cases))
	for i, c := range cases {
		items[i] = caseJSON(c)
	}
	return writeList(w, items, next)
}

func (s *Server) createCase(w http.ResponseWriter, r *http.Request) error {
	var in CaseJSON
	if err := decode(w, r, &in); err != nil {
		return err
	}
	c := in.domain()
	if err := s.store.CreateCase(r.Context(), c); err != nil {
		return err
	}
	return writeCreated(w, v1+"/cases/"+c.ID, caseJSON(c))
}

func (s *Server) getCase(w http.ResponseWriter, r *http.Request) error {
	c, err := s.store.FindCaseByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, caseJSON(c))
}

func (s *Server) updateCase(w http.ResponseWriter, r *http.Request) error {
	var in CaseJSON
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := requireVersion(in.Version); err != nil {
		return err
	}
	c := in.domain()
	c.ID = r.PathValue("id")
	if err := s.store.UpdateCase(r.Context(), c); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, caseJSON(c))
}

func (s *Server) deleteCase(w http.ResponseWriter, r *http.Request) error {
	if err := s.store.DeleteCase(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	return noContent(w)
}
