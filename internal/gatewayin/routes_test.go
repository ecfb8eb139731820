package gatewayin_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/haki-kenya/haki/internal/gatewayin"
	"github.com/haki-kenya/haki/internal/i18n"
	"github.com/haki-kenya/haki/internal/storetest"
)

// hookRoutes lists every route of the hooks, all public (the gateway has no
// account: the shared secret is its only proof), with a form the gateway
// would post.
var hookRoutes = map[string]url.Values{
	"POST /hooks/at/sms":  smsForm("ATXid_route", phone, "help"),
	"POST /hooks/at/ussd": ussdForm("ATUid_route", ""),
}

// TestHookRoutesPublic checks every registered route has a row and every
// row a route, then that each answers the anonymous gateway carrying the
// secret (no session, no token), and refuses it without the secret.
func TestHookRoutesPublic(t *testing.T) {
	st := storetest.Open(t)
	cat, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	hooks, err := gatewayin.New(gatewayin.Config{Store: st, Catalog: cat, Secret: secret})
	if err != nil {
		t.Fatal(err)
	}
	registered := map[string]bool{}
	for _, p := range hooks.Patterns() {
		registered[p] = true
		if _, ok := hookRoutes[p]; !ok {
			t.Errorf("route %q has no row in hookRoutes", p)
		}
	}
	for p := range hookRoutes {
		if !registered[p] {
			t.Errorf("hookRoutes row %q names no registered route", p)
		}
	}
	a := newHooks(t, st, gatewayin.Config{Secret: secret})
	for p, form := range hookRoutes {
		_, path, _ := strings.Cut(p, " ")
		if status, body := a.post(t, path+"?key="+secret, form); status != http.StatusOK {
			t.Errorf("%s as the gateway: %d %q, want 200", p, status, body)
		}
		if status, _ := a.post(t, path, form); status != http.StatusForbidden {
			t.Errorf("%s without the secret: %d, want 403", p, status)
		}
	}
}
