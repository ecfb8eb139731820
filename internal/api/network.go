package api

import (
	"net/http"

	"github.com/haki-kenya/haki"
)

// ProfessionalJSON is a professional of the network as the API reads and
// writes it: training dates are days. Engagements come with one record
// read by id, and are ignored when writing.
type ProfessionalJSON struct {
	haki.Professional
	Trainings   []TrainingJSON    `json:"trainings"`
	Engagements *haki.Engagements `json:"engagements,omitempty"`
}

// TrainingJSON is a training a professional attended.
type TrainingJSON struct {
	Name       string `json:"name"`
	AttendedOn Date   `json:"attended_on"`
}

func professionalJSON(p *haki.Professional) *ProfessionalJSON {
	out := &ProfessionalJSON{Professional: *p, Trainings: make([]TrainingJSON, len(p.Trainings))}
	for i, t := range p.Trainings {
		out.Trainings[i] = TrainingJSON{Name: t.Name, AttendedOn: Date{t.AttendedOn}}
	}
	return out
}

func (pj *ProfessionalJSON) domain() *haki.Professional {
	p := pj.Professional
	p.Trainings = make([]haki.Training, len(pj.Trainings))
	for i, t := range pj.Trainings {
		p.Trainings[i] = haki.Training{Name: t.Name, AttendedOn: t.AttendedOn.Time}
	}
	return &p
}

// ProfessionalSearch is the body of POST /professionals/search: a name
// never travels in a URL.
type ProfessionalSearch struct {
	Q            string `json:"q"`
	County       string `json:"county,omitempty"`
	Profession   string `json:"profession,omitempty"`
	Availability string `json:"availability,omitempty"`
	Cursor       string `json:"cursor,omitempty"`
	Limit        int    `json:"limit,omitempty"`
}

// listProfessionals pages through the directory by county, profession and
// availability. A name is searched with POST /professionals/search.
func (s *Server) listProfessionals(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	for _, name := range []string{"q", "text", "name", "search"} {
		if q.Has(name) {
			return &problem{status: http.StatusBadRequest, kind: "search-in-url",
				detail: "Do not put names in a URL: search with POST " + v1 + "/professionals/search and a JSON body {\"q\": \"...\"}.",
				fields: map[string]string{name: "Not accepted in the URL; use POST " + v1 + "/professionals/search."}}
		}
	}
	f := haki.ProfessionalFilter{County: q.Get("county"), Profession: q.Get("profession"), Availability: q.Get("availability")}
	var err error
	if f.Cursor, f.Limit, err = pageParams(r); err != nil {
		return err
	}
	return s.findProfessionals(w, r, f)
}

func (s *Server) searchProfessionals(w http.ResponseWriter, r *http.Request) error {
	var q ProfessionalSearch
	if err := decode(w, r, &q); err != nil {
		return err
	}
	return s.findProfessionals(w, r, haki.ProfessionalFilter{Text: q.Q, County: q.County, Profession: q.Profession,
		Availability: q.Availability, Cursor: q.Cursor, Limit: q.Limit})
}

func (s *Server) findProfessionals(w http.ResponseWriter, r *http.Request, f haki.ProfessionalFilter) error {
	ps, next, err := s.store.FindProfessionals(r.Context(), f)
	if err != nil {
		return err
	}
	items := make([]*ProfessionalJSON, len(ps))
	for i, p := range ps {
		items[i] = professionalJSON(p)
	}
	return writeList(w, items, next)
}

func (s *Server) createProfessional(w http.ResponseWriter, r *http.Request) error {
	var in ProfessionalJSON
	if err := decode(w, r, &in); err != nil {
		return err
	}
	p := in.domain()
	if err := s.store.CreateProfessional(r.Context(), p); err != nil {
		return err
	}
	return writeCreated(w, v1+"/professionals/"+p.ID, professionalJSON(p))
}

// getProfessional returns a professional with their engagements.
func (s *Server) getProfessional(w http.ResponseWriter, r *http.Request) error {
	p, err := s.store.FindProfessionalByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	out := professionalJSON(p)
	if out.Engagements, err = s.store.FindEngagements(r.Context(), p.ID); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) updateProfessional(w http.ResponseWriter, r *http.Request) error {
	var in ProfessionalJSON
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := requireVersion(in.Version); err != nil {
		return err
	}
	p := in.domain()
	p.ID = r.PathValue("id")
	if err := s.store.UpdateProfessional(r.Context(), p); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, professionalJSON(p))
}

// getCoverage counts the available professionals per county and profession.
func (s *Server) getCoverage(w http.ResponseWriter, r *http.Request) error {
	c, err := s.store.FindCoverage(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

func (s *Server) listPartners(w http.ResponseWriter, r *http.Request) error {
	ps, err := s.store.FindPartners(r.Context(), "", "")
	if err != nil {
		return err
	}
	return writeList(w, ps, "")
}

func (s *Server) createPartner(w http.ResponseWriter, r *http.Request) error {
	var p haki.Partner
	if err := decode(w, r, &p); err != nil {
		return err
	}
	if err := s.store.CreatePartner(r.Context(), &p); err != nil {
		return err
	}
	return writeCreated(w, v1+"/partners/"+p.ID, &p)
}

func (s *Server) getPartner(w http.ResponseWriter, r *http.Request) error {
	p, err := s.store.FindPartnerByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}

func (s *Server) updatePartner(w http.ResponseWriter, r *http.Request) error {
	var p haki.Partner
	if err := decode(w, r, &p); err != nil {
		return err
	}
	if err := requireVersion(p.Version); err != nil {
		return err
	}
	p.ID = r.PathValue("id")
	if err := s.store.UpdatePartner(r.Context(), &p); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, &p)
}
