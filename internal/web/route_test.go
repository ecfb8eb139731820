package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/storetest"
)

// Who may use a route, by the permissions of role.go.
var (
	signedIn    = haki.Roles
	incReaders  = []haki.Role{haki.RoleAdmin, haki.RoleDataManager, haki.RoleCaseworker, haki.RoleProfessional, haki.RoleMonitor, haki.RoleResearcher}
	incWriters  = []haki.Role{haki.RoleAdmin, haki.RoleDataManager, haki.RoleCaseworker, haki.RoleMonitor}
	incDeleters = []haki.Role{haki.RoleAdmin, haki.RoleDataManager}
	// Persons, cases and the administration pages.
	personReaders     = []haki.Role{haki.RoleAdmin, haki.RoleDataManager, haki.RoleCaseworker, haki.RoleProfessional, haki.RoleMonitor}
	personWriters     = []haki.Role{haki.RoleAdmin, haki.RoleDataManager, haki.RoleCaseworker, haki.RoleMonitor}
	caseReaders       = []haki.Role{haki.RoleAdmin, haki.RoleDataManager, haki.RoleCaseworker, haki.RoleProfessional}
	caseWriters       = []haki.Role{haki.RoleAdmin, haki.RoleDataManager, haki.RoleCaseworker}
	caseWorkers       = []haki.Role{haki.RoleAdmin, haki.RoleDataManager, haki.RoleCaseworker, haki.RoleProfessional}
	adminOnly         = []haki.Role{haki.RoleAdmin}
	indicatorDefiners = []haki.Role{haki.RoleAdmin, haki.RoleDataManager}
	// Reports from the public: triage, and verification apart from it.
	triagers  = []haki.Role{haki.RoleAdmin, haki.RoleDataManager, haki.RoleMonitor}
	verifiers = []haki.Role{haki.RoleAdmin, haki.RoleDataManager}
	// importers import spreadsheets (PermBatch).
	importers = []haki.Role{haki.RoleAdmin, haki.RoleDataManager}
	// extracters take the research extract.
	extracters = []haki.Role{haki.RoleAdmin, haki.RoleDataManager, haki.RoleResearcher}
	// bulkExporters take everything as an encrypted archive.
	bulkExporters = []haki.Role{haki.RoleAdmin, haki.RoleDataManager}
)

// routeAccess is one row of the route-permission table: the roles allowed
// on a registered route (public routes allow the anonymous too), and a form
// for the POSTs that need one to be meaningful.
type routeAccess struct {
	pattern string
	public  bool
	roles   []haki.Role
	form    url.Values
	// storeRefuses marks a route whose record the store lets only its owner
	// change (an evaluation's evaluator): other roles the permission lets in
	// are refused by the store, a 403 the table accepts.
	storeRefuses bool
	// ids gives values for path wildcards other than {id}, {act}, {inv}, {src}
	// (or overrides them): records the route needs, made fresh per request.
	ids func(tb testing.TB, app *testApp) map[string]string
}

// groupIDs makes an incident with a group of unnamed victims: {id} and {group}.
func groupIDs(tb testing.TB, app *testApp) map[string]string {
	admin := app.users[haki.RoleAdmin]
	inc := mustIncident(tb, app.store, admin, "Protest")
	g := &haki.VictimGroup{IncidentID: inc.ID, Count: 5, ActType: "killing", VictimStatus: "killed"}
	if err := app.store.CreateVictimGroup(storetest.As(admin), g); err != nil {
		tb.Fatal(err)
	}
	return map[string]string{"id": inc.ID, "group": g.ID}
}

// routeTable lists every route in routes.go. Keep it a plain list, one route a line.
var routeTable = []routeAccess{
	{pattern: "GET /static/{file}", public: true},
	{pattern: "GET /signin", public: true},
	{pattern: "POST /signin", public: true, form: url.Values{"username": {"admin"}, "password": {storetest.Password}}},
	{pattern: "GET /signin/code", public: true},
	{pattern: "POST /signin/code", public: true, form: url.Values{"code": {"123456"}}},
	{pattern: "GET /signin/enrol", public: true},
	{pattern: "POST /signin/enrol", public: true, form: url.Values{"code": {"123456"}}},
	{pattern: "POST /lang", public: true, form: url.Values{"lang": {"sw"}, "next": {"/"}}},
	{pattern: "GET /report", public: true},
	{pattern: "GET /report/sw.js", public: true},
	{pattern: "GET /report/manifest.webmanifest", public: true},
	{pattern: "GET /report/icon/{file}", public: true, ids: reportIconFile},
	{pattern: "GET /report/key", public: true},
	{pattern: "GET /report/challenge", public: true},
	{pattern: "POST /report/submit", public: true},
	{pattern: "POST /report/media", public: true},
	{pattern: "POST /report/send", public: true, form: url.Values{"kind": {"alert"}, "what": {"shot"}, "county": {"KE-001"}}},
	{pattern: "/", public: true},

	{pattern: "GET /{$}", roles: signedIn},
	{pattern: "POST /signout", roles: signedIn},

	{pattern: "GET /incidents", roles: incReaders},
	{pattern: "POST /incidents/search", roles: incReaders},
	{pattern: "GET /incidents/export.csv", roles: incReaders},
	{pattern: "GET /incidents/export", roles: incReaders},
	{pattern: "GET /incidents/new", roles: incWriters},
	{pattern: "POST /incidents", roles: incWriters},
	{pattern: "GET /incidents/{id}", roles: incReaders},
	{pattern: "GET /incidents/{id}/edit", roles: incWriters},
	{pattern: "POST /incidents/{id}", roles: incWriters},
	{pattern: "GET /incidents/{id}/delete", roles: incDeleters},
	{pattern: "POST /incidents/{id}/delete", roles: incDeleters},
	{pattern: "POST /incidents/{id}/publication", roles: verifiers, form: url.Values{"summary": {"Published summary."}}},
	{pattern: "POST /incidents/{id}/publication/withdraw", roles: verifiers},

	{pattern: "GET /incidents/{id}/acts/new", roles: incWriters},
	{pattern: "POST /incidents/{id}/acts", roles: incWriters},
	{pattern: "GET /incidents/{id}/acts/{act}/edit", roles: incWriters},
	{pattern: "POST /incidents/{id}/acts/{act}", roles: incWriters},
	{pattern: "POST /incidents/{id}/acts/{act}/delete", roles: incWriters},
	{pattern: "GET /incidents/{id}/groups/new", roles: incWriters},
	{pattern: "POST /incidents/{id}/groups", roles: incWriters},
	{pattern: "POST /incidents/{id}/groups/{group}/delete", roles: incWriters, ids: groupIDs},
	{pattern: "GET /incidents/{id}/groups/{group}/replace", roles: incWriters, ids: groupIDs},
	{pattern: "POST /incidents/{id}/groups/{group}/replace", roles: incWriters, ids: groupIDs},
	{pattern: "GET /incidents/{id}/acts/{act}/involvements/new", roles: incWriters},
	{pattern: "POST /incidents/{id}/acts/{act}/involvements", roles: incWriters},
	{pattern: "GET /incidents/{id}/involvements/{inv}/edit", roles: incWriters},
	{pattern: "POST /incidents/{id}/involvements/{inv}", roles: incWriters},
	{pattern: "POST /incidents/{id}/involvements/{inv}/delete", roles: incWriters},
	{pattern: "GET /incidents/{id}/sources/new", roles: incWriters},
	{pattern: "POST /incidents/{id}/sources", roles: incWriters},
	{pattern: "GET /incidents/{id}/sources/{src}/edit", roles: incWriters},
	{pattern: "POST /incidents/{id}/sources/{src}", roles: incWriters},
	{pattern: "POST /incidents/{id}/sources/{src}/delete", roles: incWriters},

	{pattern: "GET /triage", roles: triagers},
	{pattern: "GET /triage/{id}", roles: triagers, ids: reportIDs},
	{pattern: "GET /triage/{id}/media/{file}", roles: triagers, ids: reportMediaIDs},
	{pattern: "POST /triage/{id}/assign", roles: triagers, ids: reportIDs, form: url.Values{"assigned_to": {"me"}}},
	{pattern: "POST /triage/{id}/status", roles: triagers, ids: reportIDs, form: url.Values{"status": {"being_verified"}}},
	{pattern: "POST /triage/{id}/notes", roles: triagers, ids: reportIDs, form: url.Values{"text": {"Called the chief."}}},
	{pattern: "POST /triage/{id}/contacts", roles: triagers, ids: reportIDs, form: url.Values{"method": {"call"}, "outcome": {"no_answer"}}},
	{pattern: "POST /triage/{id}/verify", roles: verifiers, ids: reportIDs, form: url.Values{"mode": {"new"}}},

	{pattern: "GET /imports", roles: importers},
	{pattern: "POST /imports", roles: importers},
	{pattern: "GET /imports/{id}", roles: importers},
	{pattern: "POST /imports/{id}/mapping", roles: importers},
	{pattern: "POST /imports/{id}/run", roles: importers, form: url.Values{"mode": {"valid"}}},
	{pattern: "POST /imports/{id}/cancel", roles: importers},
	{pattern: "GET /imports/{id}/status", roles: importers},
	{pattern: "GET /imports/{id}/rejected.csv", roles: importers},

	{pattern: "GET /persons", roles: personReaders},
	{pattern: "GET /persons/export", roles: personReaders},
	{pattern: "POST /persons/search", roles: personReaders},
	{pattern: "GET /persons/new", roles: personWriters},
	{pattern: "POST /persons", roles: personWriters},
	{pattern: "GET /persons/{id}", roles: personReaders, ids: personIDs},
	{pattern: "GET /persons/{id}/edit", roles: personWriters, ids: personIDs},
	{pattern: "POST /persons/{id}", roles: personWriters, ids: personIDs},
	{pattern: "POST /persons/{id}/delete", roles: incDeleters, ids: personIDs},
	{pattern: "POST /pick/persons", roles: personReaders, form: url.Values{"pick_field": {"q"}, "q": {"Otieno"}}},
	{pattern: "POST /pick/incidents", roles: incReaders, form: url.Values{"pick_field": {"q"}, "q": {"Otieno"}}},
	{pattern: "POST /pick/cases", roles: caseReaders, form: url.Values{"pick_field": {"q"}, "q": {"Halima"}}},

	{pattern: "GET /cases", roles: caseReaders},
	{pattern: "GET /cases/export", roles: caseReaders},
	{pattern: "GET /exports/archive", roles: bulkExporters},
	{pattern: "POST /exports/archive", roles: bulkExporters, form: url.Values{"passphrase": {"K7QF2-M9XAB-CDEFG-HJKMN"}, "current_password": {storetest.Password}}},
	{pattern: "POST /cases/search", roles: caseReaders},
	{pattern: "GET /cases/new", roles: caseWriters},
	{pattern: "POST /cases", roles: caseWriters},
	{pattern: "GET /cases/{id}", roles: caseReaders, ids: caseIDs},
	{pattern: "GET /cases/{id}/edit", roles: caseWriters, ids: caseIDs},
	{pattern: "POST /cases/{id}", roles: caseWriters, ids: caseIDs},
	{pattern: "POST /cases/{id}/delete", roles: incDeleters, ids: caseIDs},

	{pattern: "GET /intakes", roles: caseWriters},
	{pattern: "GET /intakes/new", roles: caseWriters},
	{pattern: "POST /intakes", roles: caseWriters},
	{pattern: "GET /intakes/{id}", roles: caseWriters, ids: intakeIDs},
	{pattern: "POST /intakes/{id}", roles: caseWriters, ids: intakeIDs},
	{pattern: "POST /intakes/{id}/delete", roles: caseWriters, ids: intakeIDs},
	{pattern: "GET /cases/{id}/consents", roles: caseReaders, ids: caseIDs},
	{pattern: "GET /evaluations/{id}/report.pdf", roles: caseReaders}, // no evaluation of that id: 404 to those allowed
	{pattern: "GET /evaluations/{id}/forms/{form}", roles: caseReaders},
	{pattern: "POST /cases/{id}/consents", roles: caseWriters, ids: caseIDs},
	{pattern: "GET /cases/{id}/assessments", roles: caseReaders, ids: caseIDs},
	{pattern: "POST /cases/{id}/assessments", roles: caseWriters, ids: caseIDs},
	{pattern: "GET /cases/{id}/status", roles: caseWriters, ids: caseIDs},
	{pattern: "POST /cases/{id}/status", roles: caseWriters, ids: caseIDs},
	{pattern: "GET /cases/{id}/timeline", roles: caseReaders, ids: caseIDs},
	{pattern: "POST /cases/{id}/notes", roles: caseWorkers, ids: caseIDs},
	{pattern: "GET /cases/{id}/stories/new", roles: caseWriters, ids: caseIDs},
	{pattern: "POST /cases/{id}/stories", roles: caseWriters, ids: caseIDs, form: url.Values{"title": {"A title"}, "body": {"A story."}}},
	{pattern: "GET /cases/{id}/stories/{story}/edit", roles: caseWriters, ids: storyIDs},
	{pattern: "POST /cases/{id}/stories/{story}", roles: caseWriters, ids: storyIDs, form: url.Values{"title": {"A title"}, "body": {"Edited."}, "version": {"1"}}},
	{pattern: "POST /cases/{id}/stories/{story}/delete", roles: caseWriters, ids: storyIDs, form: url.Values{"version": {"1"}}},
	{pattern: "POST /cases/{id}/stories/{story}/publish", roles: verifiers, ids: storyIDs, form: url.Values{"version": {"1"}}},
	{pattern: "POST /cases/{id}/stories/{story}/unpublish", roles: verifiers, ids: storyIDs},

	{pattern: "GET /institutions", roles: incReaders},
	{pattern: "GET /institutions/new", roles: incDeleters},
	{pattern: "POST /institutions", roles: incDeleters},
	{pattern: "GET /institutions/{id}/edit", roles: incDeleters, ids: institutionIDs},
	{pattern: "POST /institutions/{id}", roles: incDeleters, ids: institutionIDs},
	{pattern: "POST /institutions/{id}/delete", roles: incDeleters, ids: institutionIDs},
	{pattern: "GET /vocabularies", roles: adminOnly},
	{pattern: "GET /vocabularies/{vocab}", roles: adminOnly, ids: vocabIDs},
	{pattern: "POST /vocabularies/{vocab}", roles: adminOnly, ids: vocabIDs},
	{pattern: "POST /vocabularies/{vocab}/{code}", roles: adminOnly, ids: vocabIDs},
	{pattern: "GET /places", roles: incReaders},
	{pattern: "GET /places/{code}", roles: incReaders, ids: placeIDs},

	{pattern: "GET /users", roles: adminOnly},
	{pattern: "GET /users/new", roles: adminOnly},
	{pattern: "POST /users", roles: adminOnly},
	{pattern: "GET /users/{id}", roles: adminOnly, ids: userIDs},
	{pattern: "POST /users/{id}", roles: adminOnly, ids: userIDs},
	{pattern: "POST /users/{id}/password", roles: adminOnly, ids: userIDs},
	{pattern: "POST /users/{id}/token", roles: adminOnly, ids: userIDs},
	{pattern: "POST /users/{id}/sessions/end", roles: adminOnly, ids: userIDs},
	{pattern: "POST /users/{id}/two-factor/reset", roles: adminOnly, ids: userIDs},
	{pattern: "GET /teams", roles: adminOnly},
	{pattern: "POST /teams", roles: adminOnly},
	{pattern: "GET /account", roles: signedIn},
	{pattern: "POST /account/password", roles: signedIn},
	{pattern: "GET /account/two-factor", roles: signedIn},
	{pattern: "POST /account/two-factor/setup", roles: signedIn},
	{pattern: "POST /account/two-factor", roles: signedIn, form: url.Values{"code": {"123456"}}},
	{pattern: "GET /account/sessions", roles: signedIn},
	{pattern: "POST /account/sessions/{id}/end", roles: signedIn, ids: sessionIDs},
	{pattern: "GET /audit", roles: adminOnly},
	{pattern: "GET /audit/breach", roles: adminOnly},

	{pattern: "GET /persons/{id}/privacy", roles: privacyManagers, ids: privacyPersonID},
	{pattern: "GET /persons/{id}/export.json", roles: privacyManagers, ids: privacyPersonID},
	{pattern: "GET /persons/{id}/export.pdf", roles: privacyManagers, ids: privacyPersonID},
	{pattern: "GET /persons/{id}/history", roles: privacyManagers, ids: privacyPersonID},
	{pattern: "GET /persons/{id}/erase", roles: privacyManagers, ids: privacyPersonID},
	{pattern: "POST /persons/{id}/erase", roles: privacyManagers, ids: privacyPersonID, form: url.Values{"reason": {"request"}}},
	{pattern: "POST /persons/{id}/legal-hold", roles: adminOnly, ids: privacyPersonID, form: url.Values{"hold": {"set"}, "reason": {"inquest"}}},
	{pattern: "POST /cases/{id}/legal-hold", roles: adminOnly, ids: privacyCaseID, form: url.Values{"hold": {"set"}, "reason": {"appeal"}}},
	{pattern: "GET /privacy/retention", roles: adminOnly},
	{pattern: "POST /privacy/retention/run", roles: adminOnly, form: url.Values{"confirm": {"1"}}},
	{pattern: "POST /privacy/retention/{type}", roles: adminOnly, ids: retentionTypeIDs, form: url.Values{"years": {"3"}}},
	{pattern: "GET /privacy/register", roles: privacyManagers},

	{pattern: "POST /incidents/{id}/evidence", roles: incWriters},
	{pattern: "POST /cases/{id}/evidence", roles: caseWorkers, ids: caseIDs},
	{pattern: "GET /evidence/{id}", roles: signedIn, ids: evidenceIDs},
	{pattern: "POST /evidence/{id}/download", roles: signedIn, ids: evidenceIDs, form: url.Values{"reason": {"court"}}},

	{pattern: "GET /network/professionals", roles: networkReaders},
	{pattern: "POST /network/professionals/search", roles: networkReaders, form: url.Values{"q": {"achieng"}}},
	{pattern: "GET /network/professionals/new", roles: networkWriters},
	{pattern: "POST /network/professionals", roles: networkWriters},
	{pattern: "GET /network/professionals/{id}", roles: networkReaders, ids: professionalIDs},
	{pattern: "GET /network/professionals/{id}/edit", roles: networkWriters, ids: professionalIDs},
	{pattern: "POST /network/professionals/{id}", roles: networkWriters, ids: professionalIDs},
	{pattern: "GET /network/coverage", roles: networkReaders},
	{pattern: "GET /network/partners", roles: networkReaders},
	{pattern: "GET /network/partners/new", roles: networkWriters},
	{pattern: "POST /network/partners", roles: networkWriters},
	{pattern: "GET /network/partners/{id}/edit", roles: networkWriters, ids: partnerIDs},
	{pattern: "POST /network/partners/{id}", roles: networkWriters, ids: partnerIDs},
	{pattern: "GET /cases/{id}/services", roles: caseReaders, ids: caseIDs},
	{pattern: "GET /cases/{id}/services/new", roles: caseWorkers, ids: caseIDs},
	{pattern: "POST /cases/{id}/services", roles: caseWorkers, ids: caseIDs},
	{pattern: "GET /cases/{id}/services/{svc}/edit", roles: caseWorkers, ids: serviceIDs},
	{pattern: "POST /cases/{id}/services/{svc}", roles: caseWorkers, ids: serviceIDs},
	{pattern: "POST /cases/{id}/services/{svc}/delete", roles: caseWorkers, ids: serviceIDs},
	{pattern: "GET /cases/{id}/referrals/new", roles: caseWriters, ids: caseIDs},
	{pattern: "POST /cases/{id}/referrals", roles: caseWriters, ids: caseIDs},
	{pattern: "POST /cases/{id}/referrals/{ref}/respond", roles: caseWorkers, ids: referralIDs},
	{pattern: "GET /referrals/overdue", roles: caseReaders},

	{pattern: "GET /evaluations/new", roles: caseWorkers},
	{pattern: "POST /evaluations/new", roles: caseWorkers, storeRefuses: true, form: url.Values{"kind": {"both"}, "examined_on": {"2026-03-01"}}},
	{pattern: "GET /evaluations/{id}", roles: caseReaders, ids: evaluationIDs},
	{pattern: "POST /evaluations/{id}", roles: caseWorkers, storeRefuses: true, ids: evaluationIDs},
	{pattern: "POST /evaluations/{id}/sign", roles: caseWorkers, storeRefuses: true, ids: evaluationIDs},
	{pattern: "POST /evaluations/{id}/addenda", roles: caseWorkers, storeRefuses: true, ids: evaluationIDs},
	{pattern: "GET /cases/{id}/matters/new", roles: caseWriters, ids: caseIDs},
	{pattern: "POST /cases/{id}/matters", roles: caseWriters, ids: caseIDs},
	{pattern: "GET /matters/{id}", roles: caseReaders, ids: matterIDs},
	{pattern: "GET /matters/{id}/edit", roles: caseWriters, ids: matterIDs},
	{pattern: "POST /matters/{id}", roles: caseWriters, ids: matterIDs},
	{pattern: "GET /matters/{id}/hearings/new", roles: caseWriters, ids: matterIDs},
	{pattern: "POST /matters/{id}/hearings", roles: caseWriters, ids: matterIDs},
	{pattern: "GET /hearings/{id}/edit", roles: caseWriters, ids: hearingIDs},
	{pattern: "POST /hearings/{id}", roles: caseWriters, ids: hearingIDs},
	{pattern: "GET /cases/{id}/appointments", roles: caseReaders, ids: caseIDs},
	{pattern: "GET /cases/{id}/appointments/new", roles: caseWorkers, ids: caseIDs},
	{pattern: "POST /cases/{id}/appointments", roles: caseWorkers, ids: caseIDs},
	{pattern: "POST /appointments/{id}/attendance", roles: caseWorkers, ids: appointmentIDs},
	{pattern: "GET /cases/{id}/contacts/new", roles: caseWorkers, ids: caseIDs},
	{pattern: "POST /cases/{id}/contacts", roles: caseWorkers, ids: caseIDs},
	{pattern: "GET /follow-ups", roles: caseWorkers},
	{pattern: "GET /settings/dropout", roles: adminOnly},
	{pattern: "POST /settings/dropout", roles: adminOnly},
	{pattern: "GET /settings/instruments", roles: adminOnly},
	{pattern: "POST /settings/instruments", roles: adminOnly},
	{pattern: "GET /tasks", roles: caseWorkers},
	{pattern: "GET /tasks/team", roles: caseWorkers},
	{pattern: "GET /tasks/new", roles: caseWorkers},
	{pattern: "POST /tasks", roles: caseWorkers},
	{pattern: "GET /tasks/{id}", roles: caseWorkers, ids: taskIDs},
	{pattern: "GET /tasks/{id}/edit", roles: caseWorkers, ids: taskIDs},
	{pattern: "POST /tasks/{id}", roles: caseWorkers, ids: taskIDs},
	{pattern: "POST /tasks/{id}/done", roles: caseWorkers, ids: taskIDs},
	{pattern: "POST /tasks/{id}/delegate", roles: caseWorkers, ids: taskIDs},
	{pattern: "GET /reports", roles: signedIn},
	{pattern: "GET /reports/{name}", roles: signedIn, ids: reportNameIDs},
	{pattern: "GET /reports/{name}/export", roles: signedIn, ids: reportNameIDs},
	{pattern: "GET /reports/services", roles: signedIn},
	{pattern: "GET /reports/services/export", roles: signedIn},
	{pattern: "GET /reports/litigation", roles: signedIn},
	{pattern: "GET /reports/litigation/export", roles: signedIn},
	{pattern: "GET /reports/network", roles: signedIn},
	{pattern: "GET /reports/network/export", roles: signedIn},
	{pattern: "GET /reports/indicators", roles: signedIn},
	{pattern: "GET /reports/indicators/export", roles: signedIn},
	{pattern: "GET /reports/indicators/new", roles: indicatorDefiners},
	{pattern: "POST /reports/indicators", roles: indicatorDefiners, form: url.Values{"name": {"Survivors served"}, "measure": {"survivors_served"}, "target": {"10"}, "from": {"2024"}, "to": {"2028"}}},
	{pattern: "GET /reports/indicators/{id}/edit", roles: indicatorDefiners, ids: indicatorIDs},
	{pattern: "POST /reports/indicators/{id}", roles: indicatorDefiners, ids: indicatorIDs},
	{pattern: "POST /reports/indicators/{id}/delete", roles: indicatorDefiners, ids: indicatorIDs},
	{pattern: "GET /reports/builder", roles: signedIn},
	{pattern: "GET /duplicates", roles: incDeleters},
	{pattern: "GET /duplicates/persons/{a}/{b}", roles: incDeleters, ids: dupPersonIDs},
	{pattern: "POST /duplicates/persons/{a}/{b}/merge", roles: incDeleters, ids: dupPersonIDs, form: url.Values{"keep": {"first"}}},
	{pattern: "POST /duplicates/persons/{a}/{b}/dismiss", roles: incDeleters, ids: dupPersonIDs},
	{pattern: "GET /duplicates/incidents/{a}/{b}", roles: incDeleters, ids: dupIncidentIDs},
	{pattern: "POST /duplicates/incidents/{a}/{b}/merge", roles: incDeleters, ids: dupIncidentIDs, form: url.Values{"keep": {"second"}}},
	{pattern: "POST /duplicates/incidents/{a}/{b}/dismiss", roles: incDeleters, ids: dupIncidentIDs},
	{pattern: "GET /merges/{id}", roles: incDeleters, ids: mergeIDs},
	{pattern: "POST /merges/{id}/undo", roles: incDeleters, ids: mergeIDs},
	{pattern: "GET /reports/research-extract", roles: extracters},
	{pattern: "GET /reports/research-extract/download", roles: extracters},
	{pattern: "POST /reports/builder/save", roles: signedIn, form: url.Values{"name": {"By county"}, "sharing": {"private"}, "query": {"records=incidents&dim1=county"}}},
	{pattern: "POST /reports/builder/saved/{id}/delete", roles: signedIn, ids: savedIDs},
	// Reminders and phone subscriptions.
	{pattern: "POST /account/email", roles: signedIn, form: url.Values{"email": {"someone@example.org"}}},
	{pattern: "POST /account/time-zone", roles: signedIn, form: url.Values{"time_zone": {"UTC"}}},
	{pattern: "POST /account/notifications", roles: signedIn, form: url.Values{"phone": {"0712345678"}}},
	{pattern: "GET /notifications", roles: signedIn},
	{pattern: "POST /notifications/read", roles: signedIn},
	{pattern: "POST /notifications/{id}/read", roles: signedIn, ids: noticeIDs},
	{pattern: "GET /account/calendar-feeds", roles: caseWorkers},
	{pattern: "POST /account/calendar-feeds", roles: caseWorkers, form: url.Values{"calendar": {"me"}}},
	{pattern: "POST /account/calendar-feeds/{id}/revoke", roles: caseWorkers, ids: feedIDs},
	{pattern: "GET /feeds/{file}", public: true, ids: feedFiles},
	{pattern: "GET /settings/outbox", roles: adminOnly},
	{pattern: "POST /settings/outbox/{id}/requeue", roles: adminOnly, ids: outboxIDs},
	{pattern: "GET /calendar", roles: caseWorkers},
	{pattern: "GET /calendar/day", roles: caseWorkers},
	{pattern: "GET /calendar/events/new", roles: caseWorkers},
	{pattern: "POST /calendar/events", roles: caseWorkers, form: url.Values{"kind": {"meeting"}, "starts_at": {"2026-11-20T10:00"}, "minutes": {"60"}}},
	{pattern: "GET /calendar/events/{id}", roles: caseWorkers, ids: calEventIDs},
	{pattern: "GET /calendar/events/{id}/edit", roles: caseWorkers, ids: calEventIDs},
	{pattern: "POST /calendar/events/{id}", roles: caseWorkers, ids: calEventIDs},
	{pattern: "POST /calendar/events/{id}/cancel", roles: caseWorkers, ids: calEventIDs},
	{pattern: "POST /calendar/events/{id}/attendance", roles: caseWorkers, ids: calEventIDs},
	{pattern: "POST /calendar/notes", roles: caseWorkers, form: url.Values{"day": {"2026-11-20"}, "body": {"Call the clinic"}}},
	{pattern: "POST /calendar/notes/{id}", roles: caseWorkers, ids: diaryIDs},
	{pattern: "POST /calendar/notes/{id}/delete", roles: caseWorkers, ids: diaryIDs},
	// The public portal.
	{pattern: "GET /portal", public: true},
	{pattern: "GET /portal/figures", public: true},
	{pattern: "GET /portal/figures/map.svg", public: true},
	{pattern: "GET /portal/incidents", public: true},
	{pattern: "GET /portal/incidents/{ref}", public: true, ids: portalRefs},
	{pattern: "GET /portal/stories", public: true},
	{pattern: "GET /portal/stories/{ref}", public: true, ids: storyRefs},
	{pattern: "GET /portal/data", public: true},
	{pattern: "GET /portal/data/incidents.csv", public: true},
	{pattern: "GET /portal/data/incidents.json", public: true},
	{pattern: "GET /portal/data/figures.csv", public: true},
	{pattern: "GET /portal/data/figures.json", public: true},
	{pattern: "GET /portal/data/stories.csv", public: true},
	{pattern: "GET /portal/data/stories.json", public: true},
}

// TestRoutePermissions checks every registered route has a row and every
// row a route, then sends each route a request as every role and as the
// anonymous, with real ids in the path; an answer that shows a name or a
// sealed text must have left its audit entry.
func TestRoutePermissions(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	table := map[string]routeAccess{}
	for _, row := range routeTable {
		table[row.pattern] = row
	}
	registered := map[string]bool{}
	for _, r := range app.server.routes {
		registered[r.pattern] = true
		row, ok := table[r.pattern]
		if !ok {
			t.Errorf("route %q has no row in routeTable", r.pattern)
		} else if row.public != (r.perm == "") {
			t.Errorf("route %q: table says public=%v, routes.go permission %q", r.pattern, row.public, r.perm)
		}
	}
	for _, row := range routeTable {
		if !registered[row.pattern] {
			t.Errorf("routeTable row %q names no registered route", row.pattern)
		}
	}
	if t.Failed() {
		t.FailNow()
	}

	for _, row := range routeTable {
		for _, role := range allRoles {
			name := strings.ReplaceAll(row.pattern, "/", "_") + "/" + string(role)
			if role == "" {
				name += "anonymous"
			}
			t.Run(name, func(t *testing.T) {
				// Fresh records for each request: some requests delete them.
				admin := app.users[haki.RoleAdmin]
				inc := mustIncident(t, app.store, admin, "Shooting at Kayole")
				act, inv, src := mustAct(t, app.store, admin, inc, mustPerson(t, app.store, admin, "Juma Otieno"))
				method, path := splitPattern(row.pattern)
				ids := map[string]string{"{id}": inc.ID, "{act}": act.ID, "{inv}": inv.ID, "{src}": src.ID,
					"{file}": app.server.hashed["haki.css"], "{$}": ""}
				if row.ids != nil {
					for k, v := range row.ids(t, app) {
						ids["{"+strings.Trim(k, "{}")+"}"] = v
					}
				}
				for k, v := range ids {
					path = strings.ReplaceAll(path, k, v)
				}
				if path == "/" && row.pattern == "/" {
					path = "/no-such-page"
				}
				c := app.sessionClient(t, role)
				var res response
				if method == http.MethodPost {
					form := url.Values{}
					for k, v := range row.form {
						form[k] = v
					}
					res = c.post(path, form)
				} else {
					res = c.get(path)
				}
				allowed := row.public || slices.Contains(row.roles, role)
				switch {
				case allowed && row.storeRefuses && res.status == http.StatusForbidden:
				case allowed && (res.status == http.StatusUnauthorized || res.status == http.StatusForbidden):
					t.Errorf("%s %s as %q: status %d, want access", method, path, role, res.status)
				case !allowed && role == "" && method == http.MethodGet:
					if res.status != http.StatusSeeOther || res.location != "/signin" {
						t.Errorf("%s %s anonymous: status %d location %q, want 303 to /signin", method, path, res.status, res.location)
					}
				case !allowed && role == "":
					if res.status != http.StatusUnauthorized {
						t.Errorf("%s %s anonymous: status %d, want 401", method, path, res.status)
					}
				case !allowed && res.status != http.StatusForbidden && res.status != http.StatusNotFound:
					t.Errorf("%s %s as %q: status %d, want 403 or 404", method, path, role, res.status)
				}
				if res.status >= 500 {
					t.Errorf("%s %s as %q: status %d", method, path, role, res.status)
				}
				if role != "" {
					checkRevealAudited(t, app, role, res) // any answer, GET or POST
				}
				if strings.HasPrefix(res.header.Get("Content-Type"), "text/html") {
					for _, problem := range htmlUnbalanced(res.body) {
						t.Errorf("%s %s as %q: %s", method, path, role, problem)
					}
				}
			})
		}
	}
}

// splitPattern splits "GET /x" into its method and path; a pattern without
// a method is tried with GET.
func splitPattern(p string) (method, path string) {
	if m, rest, ok := strings.Cut(p, " "); ok {
		return m, rest
	}
	return http.MethodGet, p
}
