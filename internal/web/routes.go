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

	// The public reporting page (pubreport*.go): no account, no cookie,
	// limits per address.
	s.publicDoor("GET /report", s.report.page, s.reportPageGet)
	s.publicDoor("GET /report/sw.js", s.report.page, s.reportSW)
	s.publicDoor("GET /report/manifest.webmanifest", s.report.page, s.reportManifest)
	s.publicDoor("GET /report/icon/{file}", s.report.page, s.reportIcon)
	s.publicDoor("GET /report/key", s.report.page, s.reportKeyGet)
	s.publicDoor("GET /report/challenge", s.report.challenge, s.reportChallengeGet)
	s.publicDoor("POST /report/submit", s.report.submt, s.reportSubmit)
	s.publicDoor("POST /report/send", s.report.submt, s.reportSend)
	s.publicDoor("POST /report/media", s.report.media, s.reportMedia)
	s.public("/", s.notFound)

	// Any signed-in user.
	s.handle("GET /{$}", haki.PermDashboard, s.home)
	s.handle("POST /signout", haki.PermDashboard, s.signout)

	// Incidents.
	s.handle("GET /incidents", haki.PermIncidentRead, s.incidentList)
	s.handle("POST /incidents/search", haki.PermIncidentRead, s.incidentSearch)
	s.handle("GET /incidents/export.csv", haki.PermIncidentRead, s.incidentExport) // the earlier address of the CSV
	s.handle("GET /incidents/export", haki.PermIncidentRead, s.incidentExport)
	s.handle("GET /incidents/new", haki.PermIncidentWrite, s.incidentNew)
	s.handle("POST /incidents", haki.PermIncidentWrite, s.incidentCreate)
	s.handle("GET /incidents/{id}", haki.PermIncidentRead, s.incidentShow)
	s.handle("GET /incidents/{id}/edit", haki.PermIncidentWrite, s.incidentEdit)
	s.handle("POST /incidents/{id}", haki.PermIncidentWrite, s.incidentUpdate)
	s.handle("GET /incidents/{id}/delete", haki.PermIncidentDelete, s.incidentDeleteConfirm)
	s.handle("POST /incidents/{id}/delete", haki.PermIncidentDelete, s.incidentDelete)
	s.handle("POST /incidents/{id}/publication", haki.PermVerify, s.incidentPublish)
	s.handle("POST /incidents/{id}/publication/withdraw", haki.PermVerify, s.incidentUnpublish)

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

	// Reports from the public: the triage queue and a report (an identity
	// read, audited by the store), its triage and its verification.
	s.handle("GET /triage", haki.PermTriage, s.triageList)
	s.handle("GET /triage/{id}", haki.PermTriage, s.triageShow)
	s.handle("GET /triage/{id}/media/{file}", haki.PermTriage, s.triageMedia)
	s.handle("POST /triage/{id}/assign", haki.PermTriage, s.triageAssign)
	s.handle("POST /triage/{id}/status", haki.PermTriage, s.triageStatus)
	s.handle("POST /triage/{id}/notes", haki.PermTriage, s.triageNote)
	s.handle("POST /triage/{id}/contacts", haki.PermTriage, s.triageContact)
	s.handle("POST /triage/{id}/verify", haki.PermVerify, s.triageVerify)

	// Persons. Opening one is left to the store, so that roles which may not
	// see identities get "not found" rather than learn the record exists.
	s.handle("GET /persons", haki.PermPersonRead, s.personList)
	s.handle("GET /persons/export", haki.PermPersonRead, s.personExport)
	s.handle("POST /persons/search", haki.PermPersonRead, s.personSearch)
	s.handle("GET /persons/new", haki.PermPersonWrite, s.personNew)
	s.handle("POST /persons", haki.PermPersonWrite, s.personCreate)
	s.handle("GET /persons/{id}", haki.PermDashboard, s.personShow)
	s.handle("GET /persons/{id}/edit", haki.PermPersonWrite, s.personEdit)
	s.handle("POST /persons/{id}", haki.PermPersonWrite, s.personUpdate)
	s.handle("POST /persons/{id}/delete", haki.PermIncidentDelete, s.personDelete)

	// Record pickers: the matches, as a fragment, of what is typed into a
	// reference field (record_pick.go).
	s.handle("POST /pick/persons", haki.PermPersonRead, s.recordPick("persons"))
	s.handle("POST /pick/incidents", haki.PermIncidentRead, s.recordPick("incidents"))
	s.handle("POST /pick/cases", haki.PermCaseRead, s.recordPick("cases"))

	// Cases.
	s.handle("GET /cases", haki.PermCaseRead, s.caseList)
	s.handle("GET /cases/export", haki.PermCaseRead, s.caseExport)
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
	// The PDF of a medico-legal evaluation (evaluation_report.go); the store checks clinical access and consent.
	s.handle("GET /evaluations/{id}/report.pdf", haki.PermCaseRead, s.evaluationReport)
	s.handle("GET /evaluations/{id}/forms/{form}", haki.PermCaseRead, s.evaluationReport) // a P3 or PRC form alone, as PDF
	// Stories written for the public portal (case_story.go).
	s.handle("GET /cases/{id}/stories/new", haki.PermCaseWrite, s.storyNew)
	s.handle("POST /cases/{id}/stories", haki.PermCaseWrite, s.storySave)
	s.handle("GET /cases/{id}/stories/{story}/edit", haki.PermCaseWrite, s.storyEdit)
	s.handle("POST /cases/{id}/stories/{story}", haki.PermCaseWrite, s.storySave)
	s.handle("POST /cases/{id}/stories/{story}/delete", haki.PermCaseWrite, s.storyAction("delete"))
	s.handle("POST /cases/{id}/stories/{story}/publish", haki.PermVerify, s.storyAction("publish"))
	s.handle("POST /cases/{id}/stories/{story}/unpublish", haki.PermVerify, s.storyAction("unpublish"))

	// Istanbul Protocol evaluations (evaluation_*.go): the store lets only a
	// clinician of the directory open one, only its evaluator write or sign
	// it, and shows its content only to them and staff with clinical access.
	s.handle("GET /evaluations/new", haki.PermCaseWork, s.evaluationNew)
	s.handle("POST /evaluations/new", haki.PermCaseWork, s.evaluationCreate)
	s.handle("GET /evaluations/{id}", haki.PermCaseRead, s.evaluationShow)
	s.handle("POST /evaluations/{id}", haki.PermCaseWork, s.evaluationSave)
	s.handle("POST /evaluations/{id}/sign", haki.PermCaseWork, s.evaluationSign)
	s.handle("POST /evaluations/{id}/addenda", haki.PermCaseWork, s.evaluationAddendum)

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
	s.handle("POST /privacy/retention/run", haki.PermPrivacyAdmin, s.privacyRetentionRun)
	s.handle("POST /privacy/retention/{type}", haki.PermPrivacyAdmin, s.privacyRetentionSet)
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
	// The case-work reports, indicators and the report builder
	// (report_casework.go, indicator_page.go, builder_page.go).
	s.handle("GET /reports/services", haki.PermDashboard, s.caseworkReportShow(haki.ReportServices))
	s.handle("GET /reports/services/export", haki.PermDashboard, s.caseworkReportExport(haki.ReportServices))
	s.handle("GET /reports/litigation", haki.PermDashboard, s.caseworkReportShow(haki.ReportLitigation))
	s.handle("GET /reports/litigation/export", haki.PermDashboard, s.caseworkReportExport(haki.ReportLitigation))
	s.handle("GET /reports/network", haki.PermDashboard, s.caseworkReportShow(haki.ReportNetwork))
	s.handle("GET /reports/network/export", haki.PermDashboard, s.caseworkReportExport(haki.ReportNetwork))
	s.handle("GET /reports/indicators", haki.PermDashboard, s.indicatorList)
	s.handle("GET /reports/indicators/export", haki.PermDashboard, s.caseworkReportExport(haki.ReportIndicators))
	s.handle("GET /reports/indicators/new", haki.PermIndicators, s.indicatorNew)
	s.handle("POST /reports/indicators", haki.PermIndicators, s.indicatorCreate)
	s.handle("GET /reports/indicators/{id}/edit", haki.PermIndicators, s.indicatorEdit)
	s.handle("POST /reports/indicators/{id}", haki.PermIndicators, s.indicatorUpdate)
	s.handle("POST /reports/indicators/{id}/delete", haki.PermIndicators, s.indicatorDelete)
	s.handle("GET /reports/builder", haki.PermDashboard, s.builderShow)
	// The de-identified, k-anonymous research extract (research_extract.go).
	s.handle("GET /reports/research-extract", haki.PermResearchExtract, s.extractShow)
	s.handle("GET /reports/research-extract/download", haki.PermResearchExtract, s.extractDownload)
	s.handle("POST /reports/builder/save", haki.PermDashboard, s.builderSave)
	s.handle("POST /reports/builder/saved/{id}/delete", haki.PermDashboard, s.builderDelete)
	// Reminders and phone subscriptions.
	s.handle("POST /account/email", haki.PermDashboard, s.accountEmail)
	s.handle("POST /account/time-zone", haki.PermDashboard, s.accountTimeZone)
	s.handle("POST /account/notifications", haki.PermDashboard, s.accountNotices)
	s.handle("GET /notifications", haki.PermDashboard, s.notificationList)
	s.handle("POST /notifications/read", haki.PermDashboard, s.notificationReadAll)
	s.handle("POST /notifications/{id}/read", haki.PermDashboard, s.notificationRead)
	s.handle("GET /account/calendar-feeds", haki.PermTasks, s.feedList)
	s.handle("POST /account/calendar-feeds", haki.PermTasks, s.feedCreate)
	s.handle("POST /account/calendar-feeds/{id}/revoke", haki.PermTasks, s.feedRevoke)
	s.public("GET /feeds/{file}", s.feedICS)
	s.handle("GET /settings/outbox", haki.PermSettings, s.outboxList)
	s.handle("POST /settings/outbox/{id}/requeue", haki.PermSettings, s.outboxRequeue)
	s.handle("GET /settings/instruments", haki.PermSettings, s.settingsInstruments)
	s.handle("POST /settings/instruments", haki.PermSettings, s.settingsInstrumentsSave)
	// Calendars and diaries: visibility per event is the store's.
	s.handle("GET /calendar", haki.PermTasks, s.calendarView)
	s.handle("GET /calendar/day", haki.PermTasks, s.calendarDay)
	s.handle("GET /calendar/events/new", haki.PermTasks, s.calEventNew)
	s.handle("POST /calendar/events", haki.PermTasks, s.calEventCreate)
	s.handle("GET /calendar/events/{id}", haki.PermTasks, s.calEventShow)
	s.handle("GET /calendar/events/{id}/edit", haki.PermTasks, s.calEventEdit)
	s.handle("POST /calendar/events/{id}", haki.PermTasks, s.calEventUpdate)
	s.handle("POST /calendar/events/{id}/cancel", haki.PermTasks, s.calEventCancel)
	s.handle("POST /calendar/events/{id}/attendance", haki.PermCaseWork, s.calAttendance)
	s.handle("POST /calendar/notes", haki.PermTasks, s.diaryCreate)
	s.handle("POST /calendar/notes/{id}", haki.PermTasks, s.diaryUpdate)
	s.handle("POST /calendar/notes/{id}/delete", haki.PermTasks, s.diaryDelete)

	// The public portal: no sign-in, no cookie (portal.go, portal_data.go).
	s.public("GET /portal", s.portalCached(s.portalFail(s.portalHome)))
	s.public("GET /portal/figures", s.portalCached(s.portalFail(s.portalFigures)))
	s.public("GET /portal/figures/map.svg", s.portalCached(s.portalMap))
	s.public("GET /portal/incidents", s.portalCached(s.portalFail(s.portalIncidents)))
	s.public("GET /portal/incidents/{ref}", s.portalCached(s.portalFail(s.portalIncident)))
	s.public("GET /portal/stories", s.portalCached(s.portalFail(s.portalStories)))
	s.public("GET /portal/stories/{ref}", s.portalCached(s.portalFail(s.portalStory)))
	s.public("GET /portal/data", s.portalCached(s.portalFail(s.portalData)))
	s.public("GET /portal/data/incidents.csv", s.portalCached(s.portalIncidentsCSV))
	s.public("GET /portal/data/incidents.json", s.portalCached(s.portalIncidentsJSON))
	s.public("GET /portal/data/figures.csv", s.portalCached(s.portalFiguresCSV))
	s.public("GET /portal/data/figures.json", s.portalCached(s.portalFiguresJSON))
	s.public("GET /portal/data/stories.csv", s.portalCached(s.portalStoriesCSV))
	s.public("GET /portal/data/stories.json", s.portalCached(s.portalStoriesJSON))
}
