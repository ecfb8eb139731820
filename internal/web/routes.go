package web

import "github.com/haki-kenya/haki"

// registerRoutes lists every page and action with the permission it needs.
// Keep it a plain list, one route a line: route_test.go checks each against
// its table of allowed roles.
func (s *Server) registerRoutes() {
	// Public.
	s.public("GET /static/{file}", s.serveStatic)
	s.public("GET /signin", s.signinForm)
	s.public("POST /signin", s.signin)
	s.public("GET /signin/code", s.signinCodeForm)
	s.public("POST /signin/code", s.signinCode)
	s.public("GET /signin/enrol", s.signinEnrolForm)
	s.public("POST /signin/enrol", s.signinEnrol)
	s.public("POST /lang", s.setLang)
	s.public("/", s.notFound)

	// Any signed-in user.
	s.handle("GET /{$}", haki.PermDashboard, s.home)
	s.handle("POST /signout", haki.PermDashboard, s.signout)

	// Incidents.
	s.handle("GET /incidents", haki.PermIncidentRead, s.incidentList)
	s.handle("POST /incidents/search", haki.PermIncidentRead, s.incidentSearch)
	s.handle("GET /incidents/new", haki.PermIncidentWrite, s.incidentNew)
	s.handle("POST /incidents", haki.PermIncidentWrite, s.incidentCreate)
	s.handle("GET /incidents/{id}", haki.PermIncidentRead, s.incidentShow)
	s.handle("GET /incidents/{id}/edit", haki.PermIncidentWrite, s.incidentEdit)
	s.handle("POST /incidents/{id}", haki.PermIncidentWrite, s.incidentUpdate)
	s.handle("GET /incidents/{id}/delete", haki.PermIncidentDelete, s.incidentDeleteConfirm)
	s.handle("POST /incidents/{id}/delete", haki.PermIncidentDelete, s.incidentDelete)

	// Acts, involvements and sources of an incident.
	s.handle("GET /incidents/{id}/acts/new", haki.PermIncidentWrite, s.actNew)
	s.handle("POST /incidents/{id}/acts", haki.PermIncidentWrite, s.actCreate)
	s.handle("GET /incidents/{id}/acts/{act}/edit", haki.PermIncidentWrite, s.actEdit)
	s.handle("POST /incidents/{id}/acts/{act}", haki.PermIncidentWrite, s.actUpdate)
	s.handle("POST /incidents/{id}/acts/{act}/delete", haki.PermIncidentWrite, s.actDelete)
	s.handle("GET /incidents/{id}/acts/{act}/involvements/new", haki.PermIncidentWrite, s.involvementNew)
	s.handle("POST /incidents/{id}/acts/{act}/involvements", haki.PermIncidentWrite, s.involvementCreate)
	s.handle("GET /incidents/{id}/involvements/{inv}/edit", haki.PermIncidentWrite, s.involvementEdit)
	s.handle("POST /incidents/{id}/involvements/{inv}", haki.PermIncidentWrite, s.involvementUpdate)
	s.handle("POST /incidents/{id}/involvements/{inv}/delete", haki.PermIncidentWrite, s.involvementDelete)
	s.handle("GET /incidents/{id}/sources/new", haki.PermIncidentWrite, s.sourceNew)
	s.handle("POST /incidents/{id}/sources", haki.PermIncidentWrite, s.sourceCreate)
	s.handle("GET /incidents/{id}/sources/{src}/edit", haki.PermIncidentWrite, s.sourceEdit)
	s.handle("POST /incidents/{id}/sources/{src}", haki.PermIncidentWrite, s.sourceUpdate)
	s.handle("POST /incidents/{id}/sources/{src}/delete", haki.PermIncidentWrite, s.sourceDelete)

	// Persons. Opening one is left to the store, so that roles which may not
	// see identities get "not found" rather than learn the record exists.
	s.handle("GET /persons", haki.PermPersonRead, s.personList)
	s.handle("POST /persons/search", haki.PermPersonRead, s.personSearch)
	s.handle("GET /persons/new", haki.PermPersonWrite, s.personNew)
	s.handle("POST /persons", haki.PermPersonWrite, s.personCreate)
	s.handle("GET /persons/{id}", haki.PermDashboard, s.personShow)
	s.handle("GET /persons/{id}/edit", haki.PermPersonWrite, s.personEdit)
	s.handle("POST /persons/{id}", haki.PermPersonWrite, s.personUpdate)
	s.handle("POST /persons/{id}/delete", haki.PermIncidentDelete, s.personDelete)

	// Cases.
	s.handle("GET /cases", haki.PermCaseRead, s.caseList)
	s.handle("POST /cases/search", haki.PermCaseRead, s.caseSearch)
	s.handle("GET /cases/new", haki.PermCaseWrite, s.caseNew)
	s.handle("POST /cases", haki.PermCaseWrite, s.caseCreate)
	s.handle("GET /cases/{id}", haki.PermCaseRead, s.caseShow)
	s.handle("GET /cases/{id}/edit", haki.PermCaseWrite, s.caseEdit)
	s.handle("POST /cases/{id}", haki.PermCaseWrite, s.caseUpdate)
	s.handle("POST /cases/{id}/delete", haki.PermIncidentDelete, s.caseDelete)

	// Intake, consent, assessment, status and timeline of cases.
	s.handle("GET /intakes", haki.PermCaseWrite, s.intakeList)
	s.handle("GET /intakes/new", haki.PermCaseWrite, s.intakeNew)
	s.handle("POST /intakes", haki.PermCaseWrite, s.intakeStart)
	s.handle("GET /intakes/{id}", haki.PermCaseWrite, s.intakeShow)
	s.handle("POST /intakes/{id}", haki.PermCaseWrite, s.intakeSave)
	s.handle("POST /intakes/{id}/delete", haki.PermCaseWrite, s.intakeDelete)
	s.handle("GET /cases/{id}/consents", haki.PermCaseRead, s.caseConsents)
	s.handle("POST /cases/{id}/consents", haki.PermCaseWrite, s.caseConsentCreate)
	s.handle("GET /cases/{id}/assessments", haki.PermCaseRead, s.caseAssessments)
	s.handle("POST /cases/{id}/assessments", haki.PermCaseWrite, s.caseAssessmentCreate)
	s.handle("GET /cases/{id}/status", haki.PermCaseWrite, s.caseStatusForm)
	s.handle("POST /cases/{id}/status", haki.PermCaseWrite, s.caseStatusChange)
	s.handle("GET /cases/{id}/timeline", haki.PermCaseRead, s.caseTimeline)
	s.handle("POST /cases/{id}/notes", haki.PermCaseWork, s.caseNoteCreate)

	// Institutions, vocabularies and places.
	s.handle("GET /institutions", haki.PermIncidentRead, s.institutionList)
	s.handle("GET /institutions/new", haki.PermInstitution, s.institutionNew)
	s.handle("POST /institutions", haki.PermInstitution, s.institutionCreate)
	s.handle("GET /institutions/{id}/edit", haki.PermInstitution, s.institutionEdit)
	s.handle("POST /institutions/{id}", haki.PermInstitution, s.institutionUpdate)
	s.handle("POST /institutions/{id}/delete", haki.PermInstitution, s.institutionDelete)
	s.handle("GET /vocabularies", haki.PermVocabulary, s.vocabList)
	s.handle("GET /vocabularies/{vocab}", haki.PermVocabulary, s.vocabShow)
	s.handle("POST /vocabularies/{vocab}", haki.PermVocabulary, s.termCreate)
	s.handle("POST /vocabularies/{vocab}/{code}", haki.PermVocabulary, s.termUpdate)
	s.handle("GET /places", haki.PermIncidentRead, s.placeList)
	s.handle("GET /places/{code}", haki.PermIncidentRead, s.placeShow)

	// Accounts, teams and the audit log.
	s.handle("GET /users", haki.PermUsers, s.userList)
	s.handle("GET /users/new", haki.PermUsers, s.userNew)
	s.handle("POST /users", haki.PermUsers, s.userCreate)
	s.handle("GET /users/{id}", haki.PermUsers, s.userShow)
	s.handle("POST /users/{id}", haki.PermUsers, s.userUpdate)
	s.handle("POST /users/{id}/password", haki.PermUsers, s.userPassword)
	s.handle("POST /users/{id}/token", haki.PermUsers, s.userToken)
	s.handle("POST /users/{id}/sessions/end", haki.PermUsers, s.userSessionsEnd)
	s.handle("POST /users/{id}/two-factor/reset", haki.PermUsers, s.userTwoFactorReset)
	s.handle("GET /teams", haki.PermUsers, s.teamList)
	s.handle("POST /teams", haki.PermUsers, s.teamCreate)
	s.handle("GET /account", haki.PermDashboard, s.account)
	s.handle("POST /account/password", haki.PermDashboard, s.accountPassword)
	s.handle("GET /account/two-factor", haki.PermDashboard, s.twofactorShow)
	s.handle("POST /account/two-factor/setup", haki.PermDashboard, s.twofactorSetup)
	s.handle("POST /account/two-factor", haki.PermDashboard, s.twofactorConfirm)
	s.handle("GET /account/sessions", haki.PermDashboard, s.sessionList)
	s.handle("POST /account/sessions/{id}/end", haki.PermDashboard, s.sessionEnd)
	s.handle("GET /audit", haki.PermAudit, s.auditList)
	s.handle("GET /audit/breach", haki.PermAudit, s.auditBreach)

	// Evidence files. Opening one is left to the store, which answers "not
	// found" unless the caller may see the incident or case it belongs to.
	s.handleUpload("POST /incidents/{id}/evidence", haki.PermIncidentWrite, s.evidenceUpload(haki.OwnerIncident))
	s.handleUpload("POST /cases/{id}/evidence", haki.PermCaseWork, s.evidenceUpload(haki.OwnerCase))
	s.handle("GET /evidence/{id}", haki.PermDashboard, s.evidenceShow)
	s.handle("POST /evidence/{id}/download", haki.PermDashboard, s.evidenceDownload)

	// Data protection (Kenya's Data Protection Act, 2019).
	s.handle("GET /persons/{id}/privacy", haki.PermPrivacy, s.privacyPerson)
	s.handle("GET /persons/{id}/export.json", haki.PermPrivacy, s.privacyExportJSON)
	s.handle("GET /persons/{id}/export.pdf", haki.PermPrivacy, s.privacyExportPDF)
	s.handle("GET /persons/{id}/history", haki.PermPrivacy, s.privacyHistory)
	s.handle("GET /persons/{id}/erase", haki.PermPrivacy, s.privacyEraseConfirm)
	s.handle("POST /persons/{id}/erase", haki.PermPrivacy, s.privacyErase)
	s.handle("POST /persons/{id}/legal-hold", haki.PermPrivacyAdmin, s.privacyPersonHold)
	s.handle("POST /cases/{id}/legal-hold", haki.PermPrivacyAdmin, s.privacyCaseHold)
	s.handle("GET /privacy/retention", haki.PermPrivacyAdmin, s.privacyRetention)
	s.handle("GET /privacy/register", haki.PermPrivacy, s.privacyRegister)

	// The professional network, services and referrals.
	s.handle("GET /network/professionals", haki.PermNetworkRead, s.networkList)
	s.handle("POST /network/professionals/search", haki.PermNetworkRead, s.networkSearch)
	s.handle("GET /network/professionals/new", haki.PermNetworkWrite, s.networkNew)
	s.handle("POST /network/professionals", haki.PermNetworkWrite, s.networkCreate)
	s.handle("GET /network/professionals/{id}", haki.PermNetworkRead, s.networkShow)
	s.handle("GET /network/professionals/{id}/edit", haki.PermNetworkWrite, s.networkEdit)
	s.handle("POST /network/professionals/{id}", haki.PermNetworkWrite, s.networkUpdate)
	s.handle("GET /network/coverage", haki.PermNetworkRead, s.networkCoverage)
	s.handle("GET /network/partners", haki.PermNetworkRead, s.networkPartners)
	s.handle("GET /network/partners/new", haki.PermNetworkWrite, s.partnerNew)
	s.handle("POST /network/partners", haki.PermNetworkWrite, s.partnerCreate)
	s.handle("GET /network/partners/{id}/edit", haki.PermNetworkWrite, s.partnerEdit)
	s.handle("POST /network/partners/{id}", haki.PermNetworkWrite, s.partnerUpdate)
	s.handle("GET /cases/{id}/services", haki.PermCaseRead, s.serviceList)
	s.handle("GET /cases/{id}/services/new", haki.PermCaseWork, s.serviceNew)
	s.handle("POST /cases/{id}/services", haki.PermCaseWork, s.serviceCreate)
	s.handle("GET /cases/{id}/services/{svc}/edit", haki.PermCaseWork, s.serviceEdit)
	s.handle("POST /cases/{id}/services/{svc}", haki.PermCaseWork, s.serviceUpdate)
	s.handle("POST /cases/{id}/services/{svc}/delete", haki.PermCaseWork, s.serviceDelete)
	s.handle("GET /cases/{id}/referrals/new", haki.PermCaseWrite, s.referralNew)
	s.handle("POST /cases/{id}/referrals", haki.PermCaseWrite, s.referralCreate)
	s.handle("POST /cases/{id}/referrals/{ref}/respond", haki.PermCaseWork, s.referralRespond)
	s.handle("GET /referrals/overdue", haki.PermCaseRead, s.referralOverdue)

	// Court matters, appointments, contact attempts, follow-ups and tasks.
	// Reading a matter, hearing or appointment is left to the store, which
	// answers "not found" unless the caller may see its case.
	s.handle("GET /cases/{id}/matters/new", haki.PermCaseWrite, s.matterNew)
	s.handle("POST /cases/{id}/matters", haki.PermCaseWrite, s.matterCreate)
	s.handle("GET /matters/{id}", haki.PermCaseRead, s.matterShow)
	s.handle("GET /matters/{id}/edit", haki.PermCaseWrite, s.matterEdit)
	s.handle("POST /matters/{id}", haki.PermCaseWrite, s.matterUpdate)
	s.handle("GET /matters/{id}/hearings/new", haki.PermCaseWrite, s.hearingNew)
	s.handle("POST /matters/{id}/hearings", haki.PermCaseWrite, s.hearingCreate)
	s.handle("GET /hearings/{id}/edit", haki.PermCaseWrite, s.hearingEdit)
	s.handle("POST /hearings/{id}", haki.PermCaseWrite, s.hearingUpdate)
	s.handle("GET /cases/{id}/appointments", haki.PermCaseRead, s.appointmentList)
	s.handle("GET /cases/{id}/appointments/new", haki.PermCaseWork, s.appointmentNew)
	s.handle("POST /cases/{id}/appointments", haki.PermCaseWork, s.appointmentCreate)
	s.handle("POST /appointments/{id}/attendance", haki.PermCaseWork, s.attendanceMark)
	s.handle("GET /cases/{id}/contacts/new", haki.PermCaseWork, s.contactNew)
	s.handle("POST /cases/{id}/contacts", haki.PermCaseWork, s.contactCreate)
	s.handle("GET /follow-ups", haki.PermCaseWork, s.followupList)
	s.handle("GET /settings/dropout", haki.PermSettings, s.settingsDropout)
	s.handle("POST /settings/dropout", haki.PermSettings, s.settingsDropoutSave)
	s.handle("GET /tasks", haki.PermTasks, s.taskMine)
	s.handle("GET /tasks/team", haki.PermTasks, s.taskTeam)
	s.handle("GET /tasks/new", haki.PermTasks, s.taskNew)
	s.handle("POST /tasks", haki.PermTasks, s.taskCreate)
	s.handle("GET /tasks/{id}", haki.PermTasks, s.taskShow)
	s.handle("GET /tasks/{id}/edit", haki.PermTasks, s.taskEdit)
	s.handle("POST /tasks/{id}", haki.PermTasks, s.taskUpdate)
	s.handle("POST /tasks/{id}/done", haki.PermTasks, s.taskDone)
	s.handle("POST /tasks/{id}/delegate", haki.PermTasks, s.taskDelegate)
	// The standard reports: aggregates for every signed-in role, small cells
	// hidden from roles that do not see identities; exports are audited.
	s.handle("GET /reports", haki.PermDashboard, s.reportIndex)
	s.handle("GET /reports/{name}", haki.PermDashboard, s.reportShow)
	s.handle("GET /reports/{name}/export", haki.PermDashboard, s.reportExport)
}
