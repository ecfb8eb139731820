package web

import (
	"net/http"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/storetest"
)

func placeIDs(tb testing.TB, app *testApp) map[string]string {
	return map[string]string{"code": "KE-047"}
}

func TestPlacePages(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	runScenarios(t, app, []scenario{
		{name: "counties", role: haki.RoleResearcher, method: http.MethodGet, path: "/places", wantStatus: http.StatusOK,
			wantBody: []string{"Nairobi City", "/places/KE-047"}},
		{name: "sub-counties", role: haki.RoleMonitor, method: http.MethodGet, path: "/places/KE-047", wantStatus: http.StatusOK,
			wantBody: []string{"Nairobi City", "Embakasi East"}},
		{name: "no such county", role: haki.RoleMonitor, method: http.MethodGet, path: "/places/KE-999", wantStatus: http.StatusNotFound},
		{name: "viewer may not", role: haki.RoleViewer, method: http.MethodGet, path: "/places", wantStatus: http.StatusForbidden},
	})
}
