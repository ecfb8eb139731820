package api

import (
	"net/http"

	"github.com/haki-kenya/haki"
)

// ServiceJSON is a service as the API reads and writes it: the day it was
// delivered is a day. attendee_case_ids, on creation, makes it a group
// session: one service for each attendee's case, sharing the cost.
type ServiceJSON struct {
	haki.Service
	DeliveredOn Date `json:"delivered_on"`
}

func serviceJSON(sv *haki.Service) *ServiceJSON {
	return &ServiceJSON{Service: *sv, DeliveredOn: Date{sv.DeliveredOn}}
}

func (sj *ServiceJSON) domain() *haki.Service {
	sv := sj.Service
	sv.DeliveredOn = sj.DeliveredOn.Time
	return &sv
}

// listServices returns the services of a case, latest first.
func (s *Server) listServices(w http.ResponseWriter, r *http.Request) error {
	svs, err := s.store.FindServices(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	items := make([]*ServiceJSON, len(svs))
	for i, sv := range svs {
		items[i] = serviceJSON(sv)
	}
	return writeList(w, items, "")
}

func (s *Server) createService(w http.ResponseWriter, r *http.Request) error {
	var in ServiceJSON
	if err := decode(w, r, &in); err != nil {
		return err
	}
	sv := in.domain()
	if err := s.store.CreateService(r.Context(), sv); err != nil {
		return err
	}
	return writeCreated(w, v1+"/services/"+sv.ID, serviceJSON(sv))
}

func (s *Server) getService(w http.ResponseWriter, r *http.Request) error {
	sv, err := s.store.FindServiceByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, serviceJSON(sv))
}

func (s *Server) updateService(w http.ResponseWriter, r *http.Request) error {
	var in ServiceJSON
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := requireVersion(in.Version); err != nil {
		return err
	}
	sv := in.domain()
	sv.ID = r.PathValue("id")
	if err := s.store.UpdateService(r.Context(), sv); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, serviceJSON(sv))
}

func (s *Server) deleteService(w http.ResponseWriter, r *http.Request) error {
	if err := s.store.DeleteService(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	return noContent(w)
}
