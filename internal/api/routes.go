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
	// The caller's own notifications and how they are told (email, SMS).
	add("GET", "/notifications", haki.PermDashboard, s.listNotifications)
	add("POST", "/notifications/read", haki.PermDashboard, s.readAllNotifications)
	add("POST", "/notifications/{id}/read", haki.PermDashboard, s.readNotification)
	add("GET", "/me/notification-settings", haki.PermDashboard, s.getNoticeSettings)
	add("PUT", "/me/notification-settings", haki.PermDashboard, s.putNoticeSettings)
	add("PUT", "/me/time-zone", haki.PermDashboard, s.putTimeZone)

	add("GET", "/incidents", haki.PermIncidentRead, s.listIncidents)
	add("GET", "/incidents/export.csv", haki.PermIncidentRead, s.exportIncidents) // the earlier address of the CSV
	add("GET", "/incidents/export", haki.PermIncidentRead, s.exportIncidents)
	add("POST", "/incidents", haki.PermIncidentWrite, s.createIncident)
	one("/incidents/{id}", haki.PermIncidentRead, s.getIncident)
	add("PUT", "/incidents/{id}", haki.PermIncidentWrite, s.updateIncident)
	add("DELETE", "/incidents/{id}", haki.PermIncidentDelete, s.deleteIncident)
	one("/incidents/{id}/acts", haki.PermIncidentRead, s.listActs)
	one("/incidents/{id}/sources", haki.PermIncidentRead, s.listSources)
	one("/incidents/{id}/publication", haki.PermIncidentRead, s.getPublication)
	add("PUT", "/incidents/{id}/publication", haki.PermVerify, s.putPublication)
	add("DELETE", "/incidents/{id}/publication", haki.PermVerify, s.deletePublication)

	// Reports from the public, for triage (public_report.go).
	add("GET", "/public-reports", haki.PermTriage, s.listPublicReports)
	one("/public-reports/{id}", haki.PermTriage, s.getPublicReport)
	add("POST", "/public-reports/{id}/assign", haki.PermTriage, s.assignPublicReport)
	add("POST", "/public-reports/{id}/status", haki.PermTriage, s.setPublicReportStatus)
	add("POST", "/public-reports/{id}/notes", haki.PermTriage, s.addPublicReportNote)
	add("POST", "/public-reports/{id}/contacts", haki.PermTriage, s.logPublicReportContact)
	// Verifying one: data managers and administrators only (separation of
	// duties; public_report_verify.go).
	add("POST", "/public-reports/{id}/verify", haki.PermVerify, s.verifyPublicReport)

	add("POST", "/acts", haki.PermIncidentWrite, s.createAct)
	one("/acts/{id}", haki.PermIncidentRead, s.getAct)
	add("PUT", "/acts/{id}", haki.PermIncidentWrite, s.updateAct)
	add("DELETE", "/acts/{id}", haki.PermIncidentWrite, s.deleteAct)
	one("/incidents/{id}/victim-groups", haki.PermIncidentRead, s.listVictimGroups)
	add("POST", "/victim-groups", haki.PermIncidentWrite, s.createVictimGroup)
	one("/victim-groups/{id}", haki.PermIncidentRead, s.getVictimGroup)
	add("PUT", "/victim-groups/{id}", haki.PermIncidentWrite, s.updateVictimGroup)
	add("DELETE", "/victim-groups/{id}", haki.PermIncidentWrite, s.deleteVictimGroup)
	add("POST", "/victim-groups/{id}/replace", haki.PermIncidentWrite, s.replaceGroupMember)

	add("POST", "/involvements", haki.PermIncidentWrite, s.createInvolvement)
	one("/involvements/{id}", haki.PermIncidentRead, s.getInvolvement)
	add("PUT", "/involvements/{id}", haki.PermIncidentWrite, s.updateInvolvement)
	add("DELETE", "/involvements/{id}", haki.PermIncidentWrite, s.deleteInvolvement)

	add("POST", "/sources", haki.PermIncidentWrite, s.createSource)
	one("/sources/{id}", haki.PermIncidentRead, s.getSource)
	add("PUT", "/sources/{id}", haki.PermIncidentWrite, s.updateSource)
	add("DELETE", "/sources/{id}", haki.PermIncidentWrite, s.deleteSource)

	add("GET", "/persons", haki.PermPersonRead, s.listPersons)
	add("GET", "/persons/export", haki.PermPersonRead, s.exportPersons)
	add("POST", "/persons/search", haki.PermPersonRead, s.searchPersons)
	add("POST", "/persons", haki.PermPersonWrite, s.createPerson)
	one("/persons/{id}", haki.PermPersonRead, s.getPerson)
	add("PUT", "/persons/{id}", haki.PermPersonWrite, s.updatePerson)
	// The store lets only those who may delete incidents delete persons and cases.
	add("DELETE", "/persons/{id}", haki.PermIncidentDelete, s.deletePerson)
	// Kenya's Data Protection Act: everything held about a person, for their access request.
	one("/persons/{id}/export", haki.PermPrivacy, s.exportPerson)
	one("/persons/{id}/records", haki.PermPersonRead, s.getPersonRecords)

	// Record pickers: the few records of a kind matching typed text (pick.go).
	add("POST", "/pick/persons", haki.PermPersonRead, s.pickPersons)
	add("POST", "/pick/incidents", haki.PermIncidentRead, s.pickIncidents)
	add("POST", "/pick/cases", haki.PermCaseRead, s.pickCases)

	add("GET", "/cases", haki.PermCaseRead, s.listCases)
	add("GET", "/cases/export", haki.PermCaseRead, s.exportCases)
	add("POST", "/cases", haki.PermCaseWrite, s.createCase)
	one("/cases/{id}", haki.PermCaseRead, s.getCase)
	add("PUT", "/cases/{id}", haki.PermCaseWrite, s.updateCase)
	add("DELETE", "/cases/{id}", haki.PermIncidentDelete, s.deleteCase)
	// Intake (one transaction), consents, assessments, status and timeline of a case.
	add("POST", "/intakes", haki.PermCaseWrite, s.createIntake)
	one("/cases/{id}/consents", haki.PermCaseRead, s.listConsents)
	add("POST", "/cases/{id}/consents", haki.PermCaseWrite, s.createConsent)
	// Stories written for publication on the public portal (story.go).
	one("/cases/{id}/stories", haki.PermCaseRead, s.listStories)
	add("POST", "/cases/{id}/stories", haki.PermCaseWrite, s.createStory)
	one("/cases/{id}/stories/{story}", haki.PermCaseRead, s.getStory)
	add("PUT", "/cases/{id}/stories/{story}", haki.PermCaseWrite, s.updateStory)
	add("DELETE", "/cases/{id}/stories/{story}", haki.PermCaseWrite, s.deleteStory)
	add("POST", "/cases/{id}/stories/{story}/publish", haki.PermVerify, s.publishStory)
	add("POST", "/cases/{id}/stories/{story}/unpublish", haki.PermVerify, s.unpublishStory)
	// Medico-legal evaluations (evaluation.go): content for the evaluator and
	// clinical staff only, as the store decides.
	one("/cases/{id}/evaluations", haki.PermCaseRead, s.listEvaluations)
	add("POST", "/cases/{id}/evaluations", haki.PermCaseWork, s.createEvaluation)
	one("/evaluations/{id}", haki.PermCaseRead, s.getEvaluation)
	add("PUT", "/evaluations/{id}", haki.PermCaseWork, s.updateEvaluation)
	add("POST", "/evaluations/{id}/sign", haki.PermCaseWork, s.signEvaluation)
	add("POST", "/evaluations/{id}/addenda", haki.PermCaseWork, s.addAddendum)
	add("PUT", "/evaluations/{id}/matter", haki.PermCaseWork, s.putEvaluationMatter)
	add("GET", "/evaluations/{id}/report.pdf", haki.PermCaseRead, s.getEvaluationReport)
	add("GET", "/evaluations/{id}/forms/{form}", haki.PermCaseRead, s.getEvaluationReport)
	add("GET", "/instruments", haki.PermDashboard, s.listInstruments)
	add("POST", "/instruments", haki.PermSettings, s.createInstrument)
	one("/cases/{id}/assessments", haki.PermCaseRead, s.listAssessments)
	add("POST", "/cases/{id}/assessments", haki.PermCaseWrite, s.createAssessment)
	one("/cases/{id}/timeline", haki.PermCaseRead, s.listTimeline)
	add("POST", "/cases/{id}/notes", haki.PermCaseWork, s.createNote)
	add("POST", "/cases/{id}/status", haki.PermCaseWrite, s.changeStatus)

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

	// Retention periods (Kenya's Data Protection Act): administrators set
	// them, see what is past them and run them.
	add("GET", "/retention", haki.PermPrivacyAdmin, s.listRetention)
	add("PUT", "/retention/{record_type}", haki.PermPrivacyAdmin, s.setRetention)
	add("POST", "/retention/run", haki.PermPrivacyAdmin, s.runRetention)

	// Evidence files: the store answers "not found" unless the caller may
	// see the incident or case a file belongs to; it checks case.write for
	// files of cases.
	add("POST", "/evidence", haki.PermIncidentWrite, s.createEvidence)
	one("/evidence/{id}", haki.PermDashboard, s.getEvidence)
	add("POST", "/evidence/{id}/download", haki.PermDashboard, s.downloadEvidence)

	// The professional network, services and referrals; documents of a case
	// for those who work on it (network professionals included).
	add("GET", "/professionals", haki.PermNetworkRead, s.listProfessionals)
	add("POST", "/professionals/search", haki.PermNetworkRead, s.searchProfessionals)
	add("POST", "/professionals", haki.PermNetworkWrite, s.createProfessional)
	one("/professionals/{id}", haki.PermNetworkRead, s.getProfessional)
	add("PUT", "/professionals/{id}", haki.PermNetworkWrite, s.updateProfessional)
	add("GET", "/network/coverage", haki.PermNetworkRead, s.getCoverage)
	add("GET", "/partners", haki.PermNetworkRead, s.listPartners)
	add("POST", "/partners", haki.PermNetworkWrite, s.createPartner)
	one("/partners/{id}", haki.PermNetworkRead, s.getPartner)
	add("PUT", "/partners/{id}", haki.PermNetworkWrite, s.updatePartner)
	one("/cases/{id}/services", haki.PermCaseRead, s.listServices)
	add("POST", "/services", haki.PermCaseWork, s.createService)
	one("/services/{id}", haki.PermCaseRead, s.getService)
	add("PUT", "/services/{id}", haki.PermCaseWork, s.updateService)
	add("DELETE", "/services/{id}", haki.PermCaseWork, s.deleteService)
	one("/cases/{id}/referrals", haki.PermCaseRead, s.listReferrals)
	add("POST", "/referrals", haki.PermCaseWrite, s.createReferral)
	add("GET", "/referrals/overdue", haki.PermCaseRead, s.listOverdueReferrals)
	one("/referrals/{id}", haki.PermCaseRead, s.getReferral)
	add("POST", "/referrals/{id}/respond", haki.PermCaseWork, s.respondReferral)
	add("POST", "/cases/{id}/evidence", haki.PermCaseWork, s.createCaseEvidence)

	// Court matters and hearings, appointments and attendance, contact
	// attempts, the drop-out flag and rules, follow-ups and tasks. The store
	// answers "not found" unless the caller may see the case concerned.
	one("/cases/{id}/matters", haki.PermCaseRead, s.listMatters)
	add("POST", "/cases/{id}/matters", haki.PermCaseWrite, s.createMatter)
	one("/matters/{matter}", haki.PermCaseRead, s.getMatter)
	add("PUT", "/matters/{matter}", haki.PermCaseWrite, s.updateMatter)
	one("/matters/{matter}/hearings", haki.PermCaseRead, s.listHearings)
	add("POST", "/matters/{matter}/hearings", haki.PermCaseWrite, s.createHearing)
	one("/hearings/{hearing}", haki.PermCaseRead, s.getHearing)
	add("PUT", "/hearings/{hearing}", haki.PermCaseWrite, s.updateHearing)
	one("/cases/{id}/appointments", haki.PermCaseRead, s.listAppointments)
	add("POST", "/cases/{id}/appointments", haki.PermCaseWork, s.createAppointment)
	one("/appointments/{appointment}", haki.PermCaseRead, s.getAppointment)
	add("PUT", "/appointments/{appointment}", haki.PermCaseWork, s.updateAppointment)
	add("PUT", "/appointments/{appointment}/participants/{participant}", haki.PermCaseWork, s.markAttendance)
	one("/cases/{id}/contact-attempts", haki.PermCaseRead, s.listContactAttempts)
	add("POST", "/cases/{id}/contact-attempts", haki.PermCaseWork, s.createContactAttempt)
	one("/cases/{id}/dropout", haki.PermCaseRead, s.getDropoutRisk)
	add("GET", "/follow-ups", haki.PermCaseWork, s.listFollowUps)
	add("GET", "/settings/dropout", haki.PermCaseRead, s.getDropoutRules)
	add("PUT", "/settings/dropout", haki.PermSettings, s.putDropoutRules)
	add("GET", "/tasks", haki.PermTasks, s.listTasks)
	add("POST", "/tasks", haki.PermTasks, s.createTask)
	one("/tasks/{task}", haki.PermTasks, s.getTask)
	add("PUT", "/tasks/{task}", haki.PermTasks, s.updateTask)
	add("POST", "/tasks/{task}/done", haki.PermTasks, s.completeTask)
	add("POST", "/tasks/{task}/delegate", haki.PermTasks, s.delegateTask)

	// The standard reports: aggregates for every signed-in role, small cells
	// hidden per role; {name} may end in .csv, .xlsx, .pdf or .json. Audited.
	add("GET", "/reports", haki.PermDashboard, s.listReports)
	add("GET", "/reports/{name}", haki.PermDashboard, s.getReport)
	// The report builder, saved queries (shared private, team or everyone)
	// and indicators (defined by administrators; builder.go, indicator.go).
	add("GET", "/builder", haki.PermDashboard, s.runBuilder)
	// The de-identified, k-anonymous research extract, one row per victim
	// (research_extract.go); audited as an export.
	add("GET", "/research-extract", haki.PermResearchExtract, s.getResearchExtract)
	// Many incidents with their persons, acts, involvements and sources in
	// one transaction, by the caller's external ids (batch.go).
	add("POST", "/batch", haki.PermBatch, s.postBatch)
	// Verified incidents between the instances of a coalition (exchange.go).
	add("GET", "/exchange", haki.PermBatch, s.getExchange)
	add("POST", "/exchange", haki.PermBatch, s.postExchange)
	// Duplicates and merges (duplicate.go): candidate pairs, two records
	// side by side, "not a duplicate", a merge and its undo; audited.
	add("GET", "/duplicates", haki.PermDuplicates, s.listDuplicates)
	one("/duplicates/{kind}/{first}/{second}", haki.PermDuplicates, s.compareDuplicates)
	add("POST", "/duplicates/dismiss", haki.PermDuplicates, s.dismissDuplicate)
	add("POST", "/merges", haki.PermDuplicates, s.createMerge)
	one("/merges/{merge}", haki.PermDuplicates, s.getMerge)
	add("POST", "/merges/{merge}/undo", haki.PermDuplicates, s.undoMerge)
	add("GET", "/saved-reports", haki.PermDashboard, s.listSavedReports)
	add("POST", "/saved-reports", haki.PermDashboard, s.createSavedReport)
	one("/saved-reports/{saved}", haki.PermDashboard, s.getSavedReport)
	add("DELETE", "/saved-reports/{saved}", haki.PermDashboard, s.deleteSavedReport)
	add("GET", "/indicators", haki.PermDashboard, s.listIndicators)
	add("POST", "/indicators", haki.PermIndicators, s.createIndicator)
	one("/indicators/{indicator}", haki.PermDashboard, s.getIndicator)
	add("PUT", "/indicators/{indicator}", haki.PermIndicators, s.updateIndicator)
	add("DELETE", "/indicators/{indicator}", haki.PermIndicators, s.deleteIndicator)

	// Phone subscriptions (the caller's own links), the outbox
	// (administrators) and the delivery of an event's reminders (feed.go).
	add("GET", "/feeds", haki.PermTasks, s.listFeeds)
	add("POST", "/feeds", haki.PermTasks, s.createFeed)
	add("POST", "/feeds/{feed}/revoke", haki.PermTasks, s.revokeFeed)
	add("GET", "/outbox", haki.PermSettings, s.listOutbox)
	add("POST", "/outbox/{message}/requeue", haki.PermSettings, s.requeueOutbox)
	add("GET", "/events/{event}/reminders", haki.PermCaseRead, s.listEventReminders)
	// Calendars and diaries: events of every kind, series and
	// their occurrences (?at= a recurrence id), attendance, diary notes.
	add("GET", "/calendar", haki.PermTasks, s.listCalendar)
	add("POST", "/events", haki.PermTasks, s.createEvent)
	add("POST", "/events/clashes", haki.PermTasks, s.checkEvent)
	one("/events/{event}", haki.PermTasks, s.getEvent)
	add("PUT", "/events/{event}", haki.PermTasks, s.updateEvent)
	add("POST", "/events/{event}/cancel", haki.PermTasks, s.cancelEvent)
	add("POST", "/events/{event}/attendance", haki.PermCaseWork, s.markEventAttendance)
	add("GET", "/diary", haki.PermTasks, s.listDiary)
	add("POST", "/diary", haki.PermTasks, s.createDiaryNote)
	one("/diary/{note}", haki.PermTasks, s.getDiaryNote)
	add("PUT", "/diary/{note}", haki.PermTasks, s.updateDiaryNote)
	add("DELETE", "/diary/{note}", haki.PermTasks, s.deleteDiaryNote)
}

// add registers a route behind its guard, the one the web pages use too,
// and records it.
func (s *Server) add(mux *http.ServeMux, rt Route, h handlerFunc) {
	s.routes = append(s.routes, rt)
	mux.Handle(rt.Pattern(), httpx.Guard{Perm: rt.Perm, Hidden: rt.Hidden}.Handle(h, s.writeError))
}
