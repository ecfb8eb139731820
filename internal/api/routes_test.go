package api_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// Who may call what. Each row is one registered route and the roles that
// may call it; "public" marks routes anyone may call.
var (
	public   = []string{"public"}
	everyone = []string{"admin", "datamanager", "caseworker", "professional", "monitor", "researcher", "viewer"}
	readers  = []string{"admin", "datamanager", "caseworker", "professional", "monitor", "researcher"}
	writers  = []string{"admin", "datamanager", "caseworker", "monitor"}
	persons  = []string{"admin", "datamanager", "caseworker", "professional", "monitor"}
	pwriters = []string{"admin", "datamanager", "caseworker", "monitor"}
	cases    = []string{"admin", "datamanager", "caseworker", "professional"}
	cwriters = []string{"admin", "datamanager", "caseworker"}
	deleters = []string{"admin", "datamanager"}
	admins   = []string{"admin"}
	triagers = []string{"admin", "datamanager", "monitor"}
)

var routeRoles = map[string][]string{
	"GET /api/v1/openapi.json": public,
	"GET /api/v1/me":           everyone,

	"GET /api/v1/notifications":            everyone,
	"POST /api/v1/notifications/read":      everyone,
	"POST /api/v1/notifications/{id}/read": everyone,
	"GET /api/v1/me/notification-settings": everyone,
	"PUT /api/v1/me/notification-settings": everyone,
	"PUT /api/v1/me/time-zone":             everyone,

	"GET /api/v1/incidents":                     readers,
	"GET /api/v1/incidents/export.csv":          readers,
	"GET /api/v1/incidents/export":              readers,
	"POST /api/v1/incidents":                    writers,
	"GET /api/v1/incidents/{id}":                readers,
	"PUT /api/v1/incidents/{id}":                writers,
	"DELETE /api/v1/incidents/{id}":             deleters,
	"GET /api/v1/incidents/{id}/acts":           readers,
	"GET /api/v1/incidents/{id}/sources":        readers,
	"GET /api/v1/incidents/{id}/publication":    readers,
	"PUT /api/v1/incidents/{id}/publication":    deleters,
	"DELETE /api/v1/incidents/{id}/publication": deleters,

	"GET /api/v1/cases/{id}/stories":                    cases,
	"POST /api/v1/cases/{id}/stories":                   cwriters,
	"GET /api/v1/cases/{id}/stories/{story}":            cases,
	"PUT /api/v1/cases/{id}/stories/{story}":            cwriters,
	"DELETE /api/v1/cases/{id}/stories/{story}":         cwriters,
	"POST /api/v1/cases/{id}/stories/{story}/publish":   deleters,
	"POST /api/v1/cases/{id}/stories/{story}/unpublish": deleters,
	"GET /api/v1/cases/{id}/evaluations":                cases,
	"POST /api/v1/cases/{id}/evaluations":               cases,
	"GET /api/v1/evaluations/{id}":                      cases,
	"PUT /api/v1/evaluations/{id}":                      cases,
	"POST /api/v1/evaluations/{id}/sign":                cases,
	"POST /api/v1/evaluations/{id}/addenda":             cases,
	"PUT /api/v1/evaluations/{id}/matter":               cases,
	"GET /api/v1/evaluations/{id}/report.pdf":           cases,
	"GET /api/v1/evaluations/{id}/forms/{form}":         cases,
	"GET /api/v1/instruments":                           everyone,
	"POST /api/v1/instruments":                          admins,

	"GET /api/v1/public-reports":                triagers,
	"GET /api/v1/public-reports/{id}":           triagers,
	"POST /api/v1/public-reports/{id}/assign":   triagers,
	"POST /api/v1/public-reports/{id}/status":   triagers,
	"POST /api/v1/public-reports/{id}/notes":    triagers,
	"POST /api/v1/public-reports/{id}/contacts": triagers,
	"POST /api/v1/public-reports/{id}/verify":   deleters,
	"POST /api/v1/acts":                         writers,
	"GET /api/v1/acts/{id}":                     readers,
	"PUT /api/v1/acts/{id}":                     writers,
	"DELETE /api/v1/acts/{id}":                  writers,
	"GET /api/v1/incidents/{id}/victim-groups":  readers,
	"POST /api/v1/victim-groups":                writers,
	"GET /api/v1/victim-groups/{id}":            readers,
	"PUT /api/v1/victim-groups/{id}":            writers,
	"DELETE /api/v1/victim-groups/{id}":         writers,
	"POST /api/v1/victim-groups/{id}/replace":   writers,
	"POST /api/v1/involvements":                 writers,
	"GET /api/v1/involvements/{id}":             readers,
	"PUT /api/v1/involvements/{id}":             writers,
	"DELETE /api/v1/involvements/{id}":          writers,
	"POST /api/v1/sources":                      writers,
	"GET /api/v1/sources/{id}":                  readers,
	"PUT /api/v1/sources/{id}":                  writers,
	"DELETE /api/v1/sources/{id}":               writers,
	"GET /api/v1/persons":                       persons,
	"GET /api/v1/persons/export":                persons,
	"POST /api/v1/persons/search":               persons,
	"POST /api/v1/persons":                      pwriters,
	"GET /api/v1/persons/{id}":                  persons,
	"PUT /api/v1/persons/{id}":                  pwriters,
	"DELETE /api/v1/persons/{id}":               deleters,
	"GET /api/v1/persons/{id}/export":           deleters,
	"GET /api/v1/persons/{id}/records":          persons,
	"POST /api/v1/pick/persons":                 persons,
	"POST /api/v1/pick/incidents":               readers,
	"POST /api/v1/pick/cases":                   cases,
	"GET /api/v1/cases":                         cases,
	"GET /api/v1/cases/export":                  cases,
	"POST /api/v1/cases":                        cwriters,
	"GET /api/v1/cases/{id}":                    cases,
	"PUT /api/v1/cases/{id}":                    cwriters,
	"DELETE /api/v1/cases/{id}":                 deleters,
	"POST /api/v1/intakes":                      cwriters,
	"GET /api/v1/cases/{id}/consents":           cases,
	"POST /api/v1/cases/{id}/consents":          cwriters,
	"GET /api/v1/cases/{id}/assessments":        cases,
	"POST /api/v1/cases/{id}/assessments":       cwriters,
	"GET /api/v1/cases/{id}/timeline":           cases,
	"POST /api/v1/cases/{id}/notes":             cases,
	"POST /api/v1/cases/{id}/status":            cwriters,
	"GET /api/v1/institutions":                  readers,
	"POST /api/v1/institutions":                 deleters,
	"GET /api/v1/institutions/{id}":             readers,
	"PUT /api/v1/institutions/{id}":             deleters,
	"DELETE /api/v1/institutions/{id}":          deleters,
	"GET /api/v1/vocabularies":                  everyone,
	"GET /api/v1/vocabularies/{vocab}":          everyone,
	"POST /api/v1/vocabularies/{vocab}":         admins,
	"PUT /api/v1/vocabularies/{vocab}/{code}":   admins,
	"GET /api/v1/places":                        everyone,
	"GET /api/v1/users":                         admins,
	"POST /api/v1/users":                        admins,
	"GET /api/v1/users/{id}":                    admins,
	"PUT /api/v1/users/{id}":                    admins,
	"GET /api/v1/teams":                         admins,
	"POST /api/v1/teams":                        admins,
	"GET /api/v1/audit":                         admins,
	"GET /api/v1/audit/reads":                   admins,
	"GET /api/v1/retention":                     admins,
	"PUT /api/v1/retention/{record_type}":       admins,
	"POST /api/v1/retention/run":                admins,

	"POST /api/v1/evidence":               writers,
	"GET /api/v1/evidence/{id}":           everyone,
	"POST /api/v1/evidence/{id}/download": everyone,

	"GET /api/v1/professionals":           netReaders,
	"POST /api/v1/professionals/search":   netReaders,
	"POST /api/v1/professionals":          deleters,
	"GET /api/v1/professionals/{id}":      netReaders,
	"PUT /api/v1/professionals/{id}":      deleters,
	"GET /api/v1/network/coverage":        netReaders,
	"GET /api/v1/partners":                netReaders,
	"POST /api/v1/partners":               deleters,
	"GET /api/v1/partners/{id}":           netReaders,
	"PUT /api/v1/partners/{id}":           deleters,
	"GET /api/v1/cases/{id}/services":     cases,
	"POST /api/v1/services":               cases,
	"GET /api/v1/services/{id}":           cases,
	"PUT /api/v1/services/{id}":           cases,
	"DELETE /api/v1/services/{id}":        cases,
	"GET /api/v1/cases/{id}/referrals":    cases,
	"POST /api/v1/referrals":              cwriters,
	"GET /api/v1/referrals/overdue":       cases,
	"GET /api/v1/referrals/{id}":          cases,
	"POST /api/v1/referrals/{id}/respond": cases,
	"POST /api/v1/cases/{id}/evidence":    cases,

	"GET /api/v1/cases/{id}/matters":                                    cases,
	"POST /api/v1/cases/{id}/matters":                                   cwriters,
	"GET /api/v1/matters/{matter}":                                      cases,
	"PUT /api/v1/matters/{matter}":                                      cwriters,
	"GET /api/v1/matters/{matter}/hearings":                             cases,
	"POST /api/v1/matters/{matter}/hearings":                            cwriters,
	"GET /api/v1/hearings/{hearing}":                                    cases,
	"PUT /api/v1/hearings/{hearing}":                                    cwriters,
	"GET /api/v1/cases/{id}/appointments":                               cases,
	"POST /api/v1/cases/{id}/appointments":                              cases,
	"GET /api/v1/appointments/{appointment}":                            cases,
	"PUT /api/v1/appointments/{appointment}":                            cases,
	"PUT /api/v1/appointments/{appointment}/participants/{participant}": cases,
	"GET /api/v1/cases/{id}/contact-attempts":                           cases,
	"POST /api/v1/cases/{id}/contact-attempts":                          cases,
	"GET /api/v1/cases/{id}/dropout":                                    cases,
	"GET /api/v1/follow-ups":                                            cases,
	"GET /api/v1/settings/dropout":                                      cases,
	"PUT /api/v1/settings/dropout":                                      admins,
	"GET /api/v1/tasks":                                                 cases,
	"POST /api/v1/tasks":                                                cases,
	"GET /api/v1/tasks/{task}":                                          cases,
	"PUT /api/v1/tasks/{task}":                                          cases,
	"POST /api/v1/tasks/{task}/done":                                    cases,
	"POST /api/v1/tasks/{task}/delegate":                                cases,

	"GET /api/v1/reports":        everyone,
	"GET /api/v1/reports/{name}": everyone,

	"GET /api/v1/builder":                   everyone,
	"GET /api/v1/research-extract":          {"admin", "datamanager", "researcher"},
	"POST /api/v1/batch":                    deleters,
	"GET /api/v1/exchange":                  deleters,
	"POST /api/v1/exchange":                 deleters,
	"GET /api/v1/saved-reports":             everyone,
	"POST /api/v1/saved-reports":            everyone,
	"GET /api/v1/saved-reports/{saved}":     everyone,
	"DELETE /api/v1/saved-reports/{saved}":  everyone,
	"GET /api/v1/indicators":                everyone,
	"POST /api/v1/indicators":               deleters,
	"GET /api/v1/indicators/{indicator}":    everyone,
	"PUT /api/v1/indicators/{indicator}":    deleters,
	"DELETE /api/v1/indicators/{indicator}": deleters,

	"GET /api/v1/duplicates":                         deleters,
	"GET /api/v1/duplicates/{kind}/{first}/{second}": deleters,
	"POST /api/v1/duplicates/dismiss":                deleters,
	"POST /api/v1/merges":                            deleters,
	"GET /api/v1/merges/{merge}":                     deleters,
	"POST /api/v1/merges/{merge}/undo":               deleters,

	"GET /api/v1/feeds":                     cases,
	"POST /api/v1/feeds":                    cases,
	"POST /api/v1/feeds/{feed}/revoke":      cases,
	"GET /api/v1/outbox":                    admins,
	"POST /api/v1/outbox/{message}/requeue": admins,
	"GET /api/v1/events/{event}/reminders":  cases,
	// Calendars and diaries.
	"GET /api/v1/calendar":                   cases,
	"POST /api/v1/events":                    cases,
	"POST /api/v1/events/clashes":            cases,
	"GET /api/v1/events/{event}":             cases,
	"PUT /api/v1/events/{event}":             cases,
	"POST /api/v1/events/{event}/cancel":     cases,
	"POST /api/v1/events/{event}/attendance": cases,
	"GET /api/v1/diary":                      cases,
	"POST /api/v1/diary":                     cases,
	"GET /api/v1/diary/{note}":               cases,
	"PUT /api/v1/diary/{note}":               cases,
	"DELETE /api/v1/diary/{note}":            cases,
}

// callers are every kind of caller: each role, no token and a bad token.
var callers = []string{"admin", "datamanager", "caseworker", "professional", "monitor", "researcher", "viewer", "", "bad"}

// concretePath puts real ids into a route's path; deletes get records of
// their own so the other routes still find theirs.
func (w *world) concretePath(method, path string) string {
	parts := strings.Split(strings.TrimPrefix(path, "/api/v1/"), "/")
	if len(parts) < 2 {
		return path
	}
	key := map[string]string{"incidents": "incident", "acts": "act", "involvements": "involvement", "sources": "source",
		"persons": "person", "cases": "case", "institutions": "institution", "users": "user", "evidence": "evidence",
		"professionals": "professional", "partners": "partner", "services": "service", "referrals": "referral",
		"notifications": "notification", "public-reports": "public_report", "evaluations": "evaluation", "victim-groups": "victim_group"}[parts[0]]
	if method == http.MethodDelete {
		key += "_del"
	}
	r := strings.NewReplacer("{id}", w.ids[key], "{story}", w.ids["story"], "{vocab}", "sex", "{code}", "male", "{record_type}", "intake_draft")
	return r.Replace(path)
}

func TestRoutePermissions(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		registered := map[string]bool{}
		for _, rt := range w.server.Routes() {
			registered[rt.Pattern()] = true
			if _, ok := routeRoles[rt.Pattern()]; !ok {
				t.Errorf("route %s has no row in routeRoles", rt.Pattern())
			}
		}
		for p := range routeRoles {
			if !registered[p] {
				t.Errorf("routeRoles names %s, which is not registered", p)
			}
		}
		for _, rt := range w.server.Routes() {
			allowed := routeRoles[rt.Pattern()]
			path := w.concretePath(rt.Method, rt.Path)
			for _, who := range callers {
				name := who
				if name == "" {
					name = "anonymous"
				}
				t.Run(rt.Pattern()+"/"+name, func(t *testing.T) {
					body := ""
					if rt.Method == http.MethodPost || rt.Method == http.MethodPut {
						body = "{}"
					}
					res := w.do(t, rt.Method, path, who, body)
					var want []int
					switch {
					case slices.Equal(allowed, public):
						if res.status != http.StatusOK {
							t.Errorf("public route: status %d, want 200", res.status)
						}
						return
					case who == "" || who == "bad":
						want = []int{http.StatusUnauthorized}
					case !slices.Contains(allowed, who) && rt.Hidden:
						want = []int{http.StatusNotFound}
					case !slices.Contains(allowed, who):
						want = []int{http.StatusForbidden}
					}
					if want == nil {
						if res.status == http.StatusUnauthorized || res.status == http.StatusForbidden || res.status >= 500 {
							t.Errorf("allowed role: status %d: %s", res.status, res.raw)
						}
						checkRevealAudited(t, w, who, res)
						return
					}
					if !slices.Contains(want, res.status) {
						t.Errorf("status %d, want %v: %s", res.status, want, res.raw)
					}
					if res.status == http.StatusUnauthorized && !strings.HasPrefix(res.header.Get("WWW-Authenticate"), "Bearer") {
						t.Errorf("401 without WWW-Authenticate: Bearer")
					}
					if ct := res.header.Get("Content-Type"); ct != "application/problem+json" {
						t.Errorf("Content-Type %q, want application/problem+json", ct)
					}
				})
			}
		}
	})
}
