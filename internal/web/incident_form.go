package web

import (
	"net/http"

	"github.com/haki-kenya/haki"
)

// incidentFormPage is the data of the new and edit incident forms.
type incidentFormPage struct {
	Page
	Vocab    Vocab
	Counties places
	Groups   []countyGroup
	Incident *haki.Incident
	// What the user typed, shown again as typed when it could not be read.
	Occurred, Latitude, Longitude string
	Action                        string // where the form posts
}

var incidentVocabs = []string{"incident_type", "context", "verification"}

// renderIncidentForm shows the form with status 200, or 422 with errors.
func (s *Server) renderIncidentForm(w http.ResponseWriter, r *http.Request, p incidentFormPage, status int) error {
	ctx := r.Context()
	var err error
	if p.Vocab, err = s.vocab(ctx, p.Lang, incidentVocabs...); err != nil {
		return err
	}
	if p.Counties, err = s.counties(ctx); err != nil {
		return err
	}
	if p.Groups, _, err = s.subCounties(ctx, p.Counties); err != nil {
		return err
	}
	return s.render(w, r, status, "incident_form", p)
}

func (s *Server) incidentNew(w http.ResponseWriter, r *http.Request) error {
	p := incidentFormPage{Page: s.page(w, r, "incident.new.title"), Action: "/incidents",
		Incident: &haki.Incident{Verification: "unverified"}}
	return s.renderIncidentForm(w, r, p, http.StatusOK)
}

func (s *Server) incidentEdit(w http.ResponseWriter, r *http.Request) error {
	inc, err := s.store.FindIncidentByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	p := incidentFormPage{Page: s.page(w, r, "incident.edit.title"), Action: "/incidents/" + inc.ID, Incident: inc,
		Occurred: inc.Occurred.String(), Latitude: deref(inc.Latitude), Longitude: deref(inc.Longitude)}
	return s.renderIncidentForm(w, r, p, http.StatusOK)
}

// readIncident fills an incident from the form.
func readIncident(f *form) *haki.Incident {
	return &haki.Incident{
		Title: f.str("title"), Types: f.strs("types"), Occurred: f.date("occurred"),
		CountyCode: f.str("county_code"), SubCountyCode: f.str("subcounty_code"), PlaceName: f.str("place_name"),
		Latitude: f.float("latitude"), Longitude: f.float("longitude"), Context: f.str("context"),
		Narrative: f.str("narrative"), Verification: f.str("verification"), Publishable: f.bool("publishable"),
		Version: f.version(), OverrideReason: f.str("override_reason"),
	}
}

func (s *Server) incidentCreate(w http.ResponseWriter, r *http.Request) error {
	f := newForm(r)
	inc := readIncident(f)
	inc.Normalize()
	err := f.check(func() error { return inc.Validate(s.now()) })
	if err == nil {
		err = s.store.CreateIncident(r.Context(), inc)
	}
	if fields, ok := fieldErrors(err); ok {
		p := incidentFormPage{Page: s.page(w, r, "incident.new.title"), Action: "/incidents", Incident: inc}
		return s.incidentFormAgain(w, r, p, fields)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/incidents/"+inc.ID, "flash.created")
}

func (s *Server) incidentUpdate(w http.ResponseWriter, r *http.Request) error {
	f := newForm(r)
	inc := readIncident(f)
	inc.ID = r.PathValue("id")
	inc.Normalize()
	err := f.check(func() error { return inc.Validate(s.now()) })
	if err == nil {
		err = s.store.UpdateIncident(r.Context(), inc)
	}
	if fields, ok := fieldErrors(err); ok {
		p := incidentFormPage{Page: s.page(w, r, "incident.edit.title"), Action: "/incidents/" + inc.ID, Incident: inc}
		return s.incidentFormAgain(w, r, p, fields)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/incidents/"+inc.ID, "flash.saved")
}

// incidentFormAgain re-renders a rejected form with what was typed and the
// errors beside the fields.
func (s *Server) incidentFormAgain(w http.ResponseWriter, r *http.Request, p incidentFormPage, fields map[string]string) error {
	p.Errors = fields
	p.Occurred, p.Latitude, p.Longitude = r.PostForm.Get("occurred"), r.PostForm.Get("latitude"), r.PostForm.Get("longitude")
	return s.renderIncidentForm(w, r, p, http.StatusUnprocessableEntity)
}
