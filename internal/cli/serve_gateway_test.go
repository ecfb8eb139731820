package cli_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// haki serve with HAKI_GATEWAY_SECRET answers the gateway's SMS and USSD
// callbacks, and its log names the routes but never the secret, the
// caller's number or what they wrote.
func TestServeGatewayHooks(t *testing.T) {
	const secret = "serve-gateway-secret-0123456789ab"
	log := &syncBuffer{}
	base := startServeEnv(t, log, map[string]string{"HAKI_GATEWAY_SECRET": secret}, "--data", t.TempDir())
	post := func(path string, form url.Values) (int, string) {
		resp, err := http.PostForm(base+path, form)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if status, body := post("/hooks/at/sms?key="+secret, url.Values{"from": {"+254712999888"}, "to": {"22384"},
		"text": {"Polisi wamemchukua Canaryname"}, "date": {"2026-03-01 09:14:58"}, "id": {"ATXid_1"}}); status != 200 || body != "OK" {
		t.Errorf("sms: %d %q", status, body)
	}
	ussd := url.Values{"sessionId": {"ATUid_1"}, "serviceCode": {"*384*1234#"}, "phoneNumber": {"+254712999888"}, "text": {"1*2*nakuru*1*1"}}
	if status, body := post("/hooks/at/ussd?key="+secret, ussd); status != 200 || !strings.HasPrefix(body, "END Thank you. Alert R-") {
		t.Errorf("ussd: %d %q", status, body)
	}
	if status, _ := post("/hooks/at/ussd?key=wrong", ussd); status != http.StatusForbidden {
		t.Errorf("wrong key: %d", status)
	}
	out := log.String()
	for _, s := range []string{secret, "712999888", "Canaryname", "nakuru"} {
		if strings.Contains(out, s) {
			t.Errorf("the log contains %q:\n%s", s, out)
		}
	}
	if !strings.Contains(out, `route="POST /hooks/at/ussd"`) || !strings.Contains(out, "gateway-hooks=true") {
		t.Errorf("the log lacks the route or the hooks' setting:\n%s", out)
	}
}

// The auto-reply needs a channel to send it through.
func TestServeAutoReplyNeedsSMS(t *testing.T) {
	_, _, err := run(t, "", "serve", "--data", t.TempDir(), "--gateway-auto-reply")
	if err == nil || !strings.Contains(err.Error(), "--sms-provider") {
		t.Errorf("serve --gateway-auto-reply without SMS: %v", err)
	}
}
