package web

import (
	"net/http"

	"github.com/haki-kenya/haki"
)

// incidentShowPage is the data of an incident's page.
type incidentShowPage struct {
	Page
	Vocab     Vocab
	Counties  places
	SubCounty string
	Incident  *haki.Incident
	Acts      []*haki.Act
	Groups    []*haki.VictimGroup // unnamed victims
	Sources   []*haki.Source
	Evidence  evidenceSection
	// Publication is what the public portal shows of it (publication_section.html).
	Publication publicationSection
}

// showVocabs are the vocabularies an incident's page labels.
var showVocabs = []string{"incident_type", "context", "verification", "act_type", "method", "consequence",
	"victim_status", "service", "involvement", "source_kind", "reliability", "sex"}

// incidentShow shows an incident with its acts, perpetrators and sources.
func (s *Server) incidentShow(w http.ResponseWriter, r *http.Request) error {
	p, err := s.loadIncidentShow(w, r)
	if err != nil {
		return s.followMerge(w, r, haki.DuplicateIncident, err)
	}
	return s.render(w, r, http.StatusOK, "incident_show", p)
}

// loadIncidentShow loads the data of an incident's page.
func (s *Server) loadIncidentShow(w http.ResponseWriter, r *http.Request) (incidentShowPage, error) {
	ctx := r.Context()
	inc, err := s.store.FindIncidentByID(ctx, r.PathValue("id"))
	if err != nil {
		return incidentShowPage{}, err
	}
	p := incidentShowPage{Page: s.page(w, r, "incident.show.title"), Incident: inc}
	p.Title = inc.Ref
	if p.Acts, err = s.store.FindActs(ctx, inc.ID); err != nil {
		return p, err
	}
	if p.Groups, err = s.store.FindVictimGroups(ctx, inc.ID); err != nil {
		return p, err
	}
	if p.Sources, err = s.store.FindSources(ctx, inc.ID); err != nil {
		return p, err
	}
	if p.Evidence, err = s.evidenceList(ctx, haki.OwnerIncident, inc.ID); err != nil {
		return p, err
	}
	if p.Vocab, err = s.vocab(ctx, p.Lang, showVocabs...); err != nil {
		return p, err
	}
	if p.Counties, err = s.counties(ctx); err != nil {
		return p, err
	}
	if inc.SubCountyCode != "" {
		subs, err := s.store.FindPlaces(ctx, country, 2, inc.CountyCode)
		if err != nil {
			return p, err
		}
		p.SubCounty = places(subs).Name(inc.SubCountyCode)
	}
	if p.Publication, err = s.publicationSection(ctx, inc, p.Acts); err != nil {
		return p, err
	}
	return p, nil
}

// incidentDeleteConfirm asks before deleting, so deleting works without JavaScript.
func (s *Server) incidentDeleteConfirm(w http.ResponseWriter, r *http.Request) error {
	inc, err := s.store.FindIncidentByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	p := incidentShowPage{Page: s.page(w, r, "incident.delete.title"), Incident: inc}
	return s.render(w, r, http.StatusOK, "incident_delete", p)
}

// incidentDelete removes an incident with its acts and sources.
func (s *Server) incidentDelete(w http.ResponseWriter, r *http.Request) error {
	if err := s.store.DeleteIncident(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	return s.redirect(w, r, "/incidents", "flash.deleted")
}
