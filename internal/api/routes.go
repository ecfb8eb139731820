package api

import (
	"net/http"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/httpx"
)

// Route is one registered route and the permission it needs.
type Route struct {
	Method string
	Path   string
	// Perm is the permission the caller's role must hold; "" marks a public route.
	Perm haki.Permission
	// Hidden routes read one record: a role that may not read such records
	// learns only that there is no such record (404), as the store says.
	Hidden bool
}

// Pattern returns the ServeMux pattern, e.g. "GET /api/v1/cases/{id}".
func (rt Route) Pattern() string { return rt.Method + " " + rt.Path }

const v1 = "/api/v1"

// register lists every route of the API.
func (s *Server) register(mux *http.ServeMux) {
	add := func(method, path string, perm haki.Permission, h handlerFunc) {
		s.add(mux, Route{Method: method, Path: v1 + path, Perm: perm}, h)
	}
	// one is add for reading a single record.
	one := func(path string, perm haki.Permission, h handlerFunc) {
		s.add(mux, Route{Method: http.MethodGet, Path: v1 + path, Perm: perm, Hidden: true}, h)
	}

	add("GET", "/openapi.json", "", s.getOpenAPI)
	add("GET", "/me", haki.PermDashboard, s.getMe)

	add("GET", "/incidents", haki.PermIncidentRead, s.listIncidents)
	add("POST", "/incidents", haki.PermIncidentWrite, s.createIncident)
	one("/incidents/{id}", haki.PermIncidentRead, s.getIncident)
	add("PUT", "/incidents/{id}", haki.PermIncidentWrite, s.updateIncident)
	add("DELETE", "/incidents/{id}", haki.PermIncidentDelete, s.deleteIncident)
	one("/incidents/{id}/acts", haki.PermIncidentRead, s.listActs)
	one("/incidents/{id}/sources", haki.PermIncidentRead, s.listSources)

	add("POST", "/acts", haki.PermIncidentWrite, s.createAct)
	one("/acts/{id}", haki.PermIncidentRead, s.getAct)
	add("PUT", "/acts/{id}", haki.PermIncidentWrite, s.updateAct)
	add("DELETE", "/acts/{id}", haki.PermIncidentWrite, s.deleteAct)

	add("POST", "/involvements", haki.PermIncidentWrite, s.createInvolvement)
	one("/involvements/{id}", haki.PermIncidentRead, s.getInvolvement)
	add("PUT", "/involvements/{id}", haki.PermIncidentWrite, s.updateInvolvement)
	add("DELETE", "/involvements/{id}", haki.PermIncidentWrite, s.deleteInvolvement)

	add("POST", "/sources", haki.PermIncidentWrite, s.createSource)
	one("/sources/{id}", haki.PermIncidentRead, s.getSource)
	add("PUT", "/sources/{id}", haki.PermIncidentWrite, s.updateSource)
	add("DELETE", "/sources/{id}", haki.PermIncidentWrite, s.deleteSource)

	add("GET", "/persons", haki.PermPersonRead, s.listPersons)
	add("POST", "/persons/search", haki.PermPersonRead, s.searchPersons)
	add("POST", "/persons", haki.PermPersonWrite, s.createPerson)
	one("/persons/{id}", haki.PermPersonRead, s.getPerson)
	add("PUT", "/persons/{id}", haki.PermPersonWrite, s.updatePerson)
	// The store lets only those who may delete incidents delete persons and cases.
	add("DELETE", "/persons/{id}", haki.PermIncidentDelete, s.deletePerson)
	// Kenya's Data Protection Act: everything held about a person, for their access request.
	one("/persons/{id}/export", haki.PermPrivacy, s.exportPerson)

	add("GET", "/cases", haki.PermCaseRead, s.listCases)
	add("POST", "/cases", haki.PermCaseWrite, s.createCase)
	one("/cases/{id}", haki.PermCaseRead, s.getCase)
	add("PUT", "/cases/{id}", haki.PermCaseWrite, s.updateCase)
	add("DELETE", "/cases/{id}", haki.PermIncidentDelete, s.deleteCase)

	add("GET", "/institutions", haki.PermIncidentRead, s.listInstitutions)
	add("POST", "/institutions", haki.PermInstitution, s.createInstitution)
	one("/institutions/{id}", haki.PermIncidentRead, s.getInstitution)
	add("PUT", "/institutions/{id}", haki.PermInstitution, s.updateInstitution)
	add("DELETE", "/institutions/{id}", haki.PermInstitution, s.deleteInstitution)

	add("GET", "/vocabularies", haki.PermDashboard, s.listVocabularies)
	add("GET", "/vocabularies/{vocab}", haki.PermDashboard, s.listTerms)
	add("POST", "/vocabularies/{vocab}", haki.PermVocabulary, s.createTerm)
	add("PUT", "/vocabularies/{vocab}/{code}", haki.PermVocabulary, s.updateTerm)

	add("GET", "/places", haki.PermDashboard, s.listPlaces)

	add("GET", "/users", haki.PermUsers, s.listUsers)
	add("POST", "/users", haki.PermUsers, s.createUser)
	add("GET", "/users/{id}", haki.PermUsers, s.getUser)
	add("PUT", "/users/{id}", haki.PermUsers, s.updateUser)
	add("GET", "/teams", haki.PermUsers, s.listTeams)
	add("POST", "/teams", haki.PermUsers, s.createTeam)

	add("GET", "/audit", haki.PermAudit, s.listAudit)
	add("GET", "/audit/reads", haki.PermAudit, s.listIdentityReads)

	// Evidence files: the store answers "not found" unless the caller may
	// see the incident or case a file belongs to; it checks case.write for
	// files of cases.
	add("POST", "/evidence", haki.PermIncidentWrite, s.createEvidence)
	one("/evidence/{id}", haki.PermDashboard, s.getEvidence)
	add("POST", "/evidence/{id}/download", haki.PermDashboard, s.downloadEvidence)
}

// add registers a route behind its permission check and records it.
func (s *Server) add(mux *http.ServeMux, rt Route, h handlerFunc) {
	s.routes = append(s.routes, rt)
	var handler http.Handler = s.handle(h)
	if rt.Perm != "" {
		handler = httpx.Require(rt.Perm, handler, s.unauthorized, s.forbidden(rt.Hidden))
	}
	mux.Handle(rt.Pattern(), handler)
}

func (s *Server) unauthorized(w http.ResponseWriter, r *http.Request) {
	s.writeError(w, r, haki.Errorf(haki.EUNAUTHORIZED, "Send a valid API token: Authorization: Bearer <token>."))
}

func (s *Server) forbidden(hidden bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if hidden {
			s.writeError(w, r, haki.Errorf(haki.ENOTFOUND, "No such record."))
			return
		}
		s.writeError(w, r, haki.Errorf(haki.EFORBIDDEN, "Your role does not allow this."))
	}
}
