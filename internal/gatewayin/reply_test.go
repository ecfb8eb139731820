package gatewayin_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/haki-kenya/haki/internal/gatewayin"
	"github.com/haki-kenya/haki/internal/notify"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// atMessaging speaks Africa's Talking's outbound SMS API as the gateway
// does: POST /version1/messaging, a form (username, to, message, from),
// the apiKey header, a JSON answer with one recipient per number.
type atMessaging struct {
	*httptest.Server
	mu   sync.Mutex
	sent map[string][]string
}

func newATMessaging(t *testing.T) *atMessaging {
	a := &atMessaging{sent: map[string][]string{}}
	a.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/version1/messaging" {
			http.NotFound(w, r)
			return
		}
		if r.Header.Get("apiKey") != "atsk_test" {
			http.Error(w, "The supplied authentication is invalid", http.StatusUnauthorized)
			return
		}
		if r.ParseForm() != nil || r.PostForm.Get("username") != "haki" || r.PostForm.Get("message") == "" {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		to := r.PostForm.Get("to")
		a.mu.Lock()
		a.sent[to] = append(a.sent[to], r.PostForm.Get("message"))
		n := len(a.sent[to])
		a.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		json.NewEncoder(w).Encode(map[string]any{"SMSMessageData": map[string]any{"Message": "Sent to 1/1 Total Cost: KES 0.8000",
			"Recipients": []map[string]any{{"statusCode": 101, "number": to, "status": "Success", "cost": "KES 0.8000",
				"messageId": fmt.Sprintf("ATXid_out_%d", n)}}}})
	}))
	t.Cleanup(a.Close)
	return a
}

func (a *atMessaging) Sent(number string) []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.sent[number]...)
}

// With the auto-reply on, a new SMS report is answered once, in the
// sender's language, with its reference, through the outbox and the
// Africa's Talking client to a server speaking its API; a further part
// or a repeat of the message is not answered again.
func TestSMSAutoReply(t *testing.T) {
	storetest.Run(t, func(t *testing.T, st *store.Store) {
		at := newATMessaging(t)
		a := newHooks(t, st, gatewayin.Config{Secret: secret, AutoReply: true})
		path := "/hooks/at/sms?key=" + secret
		for _, m := range []struct{ id, text string }{
			{"ATXid_1", "Polisi wamempiga mwanangu hapa Mathare"},
			{"ATXid_1", "Polisi wamempiga mwanangu hapa Mathare"},
			{"ATXid_2", "leo asubuhi"},
		} {
			if status, body := a.post(t, path, smsForm(m.id, phone, m.text)); status != 200 {
				t.Fatalf("%s: %d %q", m.id, status, body)
			}
		}
		if status, _ := a.post(t, path, smsForm("ATXid_3", "+254722000111", "Police beat my son in Kibera")); status != 200 {
			t.Fatal(status)
		}
		gw, err := notify.NewAfricasTalking(notify.AfricasTalkingConfig{Username: "haki", APIKey: "atsk_test", SenderID: "22384",
			BaseURL: at.URL, Timeout: 5 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		d := &notify.Dispatcher{Store: st, SMS: gw, Logger: nil}
		if n, err := d.RunOnce(context.Background()); err != nil || n != 2 {
			t.Fatalf("dispatched %d, %v; want 2", n, err)
		}
		refs := map[string]string{}
		for _, r := range reports(t, st) {
			refs[r.Language] = r.Ref
		}
		sw, en := at.Sent(phone), at.Sent("+254722000111")
		if len(sw) != 1 || !strings.HasPrefix(sw[0], "Ujumbe wako umepokelewa (kumb. "+refs["sw"]+")") {
			t.Errorf("the Kiswahili sender got %q (ref %s)", sw, refs["sw"])
		}
		if len(en) != 1 || !strings.HasPrefix(en[0], "Your message was received (ref "+refs["en"]+")") {
			t.Errorf("the English sender got %q (ref %s)", en, refs["en"])
		}
		if n, _ := d.RunOnce(context.Background()); n != 0 {
			t.Errorf("%d more messages in the outbox", n)
		}
		checkLogs(t, a, "Mathare", "Kibera")
	})
}

// The reply goes only to the number that sent the report, only for an SMS
// report, and only within the hour.
func TestQueuePublicReportReply(t *testing.T) {
	storetest.Run(t, func(t *testing.T, st *store.Store) {
		a := newHooks(t, st, gatewayin.Config{Secret: secret})
		a.post(t, "/hooks/at/sms?key="+secret, smsForm("ATXid_1", phone, "help"))
		a.post(t, "/hooks/at/ussd?key="+secret, ussdForm("ATUid_1", "1*1*1*2*1"))
		var smsID, ussdID string
		for _, r := range reports(t, st) {
			if r.Channel == "sms" {
				smsID = r.ID
			} else {
				ussdID = r.ID
			}
		}
		ctx := context.Background()
		for _, tc := range []struct {
			name, id, to string
			ok           bool
		}{
			{"another number", smsID, "+254722000111", false},
			{"no number", smsID, "", false},
			{"a USSD alert", ussdID, phone, false},
			{"no such report", "00000000-0000-0000-0000-000000000000", phone, false},
			{"the sender, local form", smsID, "0712345678", true},
			{"the sender again", smsID, phone, false},
		} {
			queued, err := st.QueuePublicReportReply(ctx, tc.id, tc.to, "ok")
			if queued != tc.ok || (tc.ok && err != nil) {
				t.Errorf("%s: queued %v, %v", tc.name, queued, err)
			}
		}
		a.advance(2 * time.Hour)
		a.post(t, "/hooks/at/sms?key="+secret, smsForm("ATXid_9", "+254733000999", "help"))
		a.advance(61 * time.Minute)
		for _, r := range reports(t, st) {
			if r.Channel == "sms" && r.ID != smsID {
				if queued, err := st.QueuePublicReportReply(ctx, r.ID, "+254733000999", "ok"); queued || err == nil {
					t.Errorf("an hour late: queued %v, %v", queued, err)
				}
			}
		}
	})
}
