package web

import (
	"context"
	"net/http"

	"github.com/haki-kenya/haki"
)

// publicationSection is the "On the public portal" part of an incident's
// page: what the portal shows of it, and for a data manager or
// administrator the form that sets it (publication_section.html).
type publicationSection struct {
	Pub *haki.Publication
	// Ready: the incident is verified and publishable, so it may be published.
	Ready   bool
	Victims []publicationVictimRow
}

// publicationVictimRow is one victim of the form, named for staff.
type publicationVictimRow struct {
	haki.PublishedVictim
	Label string
}

func (s *Server) publicationSection(ctx context.Context, inc *haki.Incident, acts []*haki.Act) (publicationSection, error) {
	pub, err := s.store.FindPublication(ctx, inc.ID)
	if err != nil {
		return publicationSection{}, err
	}
	return newPublicationSection(inc, acts, pub), nil
}

func newPublicationSection(inc *haki.Incident, acts []*haki.Act, pub *haki.Publication) publicationSection {
	sec := publicationSection{Pub: pub, Ready: inc.Verification == "verified" && inc.Publishable}
	label := map[string]string{}
	for _, a := range acts {
		l := a.VictimRef
		if a.VictimName != "" {
			l = a.VictimName + " (" + a.VictimRef + ")"
		}
		label[a.VictimID] = l
	}
	for _, v := range pub.Victims {
		sec.Victims = append(sec.Victims, publicationVictimRow{PublishedVictim: v, Label: label[v.PersonID]})
	}
	return sec
}

// incidentPublish writes the publication details from the form: summary,
// version, and per victim (victim=<person id>) the boxes name_<id> and
// age_<id> and the text source_<id>.
func (s *Server) incidentPublish(w http.ResponseWriter, r *http.Request) error {
	f := newForm(r)
	pub := &haki.Publication{IncidentID: r.PathValue("id"), Summary: f.str("summary"), Version: f.version()}
	for _, id := range f.strs("victim") {
		pub.Victims = append(pub.Victims, haki.PublishedVictim{PersonID: id, ShowName: f.bool("name_" + id),
			ShowAge: f.bool("age_" + id), PublicSource: f.str("source_" + id)})
	}
	pub.Normalize()
	err := f.check(pub.Validate)
	if err == nil {
		err = s.store.SetPublication(r.Context(), pub)
	}
	if fields, ok := fieldErrors(err); ok {
		p, err := s.loadIncidentShow(w, r)
		if err != nil {
			return err
		}
		// Show the form as typed, beside what is wrong.
		typed := map[string]haki.PublishedVictim{}
		for _, v := range pub.Victims {
			typed[v.PersonID] = v
		}
		for i, v := range p.Publication.Victims {
			t := typed[v.PersonID]
			p.Publication.Victims[i].ShowName, p.Publication.Victims[i].ShowAge, p.Publication.Victims[i].PublicSource = t.ShowName, t.ShowAge, t.PublicSource
		}
		p.Publication.Pub.Summary = pub.Summary
		p.Errors = fields
		return s.render(w, r, http.StatusUnprocessableEntity, "incident_show", p)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/incidents/"+pub.IncidentID+"#publication", "flash.saved")
}

// incidentUnpublish takes the incident off the portal.
func (s *Server) incidentUnpublish(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	if err := s.store.WithdrawPublication(r.Context(), id); err != nil {
		return err
	}
	return s.redirect(w, r, "/incidents/"+id+"#publication", "flash.saved")
}
