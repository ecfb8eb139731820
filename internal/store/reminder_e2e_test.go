package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/notify"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// e2eMail is a local SMTP server that keeps what it receives, by recipient.
type e2eMail struct {
	mu  sync.Mutex
	got map[string][]string
}

func (m *e2eMail) NewSession(*smtp.Conn) (smtp.Session, error) { return &e2eMailSession{srv: m}, nil }

type e2eMailSession struct {
	srv *e2eMail
	to  []string
}

func (s *e2eMailSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *e2eMailSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}
func (s *e2eMailSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.srv.mu.Lock()
	defer s.srv.mu.Unlock()
	for _, to := range s.to {
		s.srv.got[to] = append(s.srv.got[to], string(b))
	}
	return nil
}
func (s *e2eMailSession) Reset()        { s.to = nil }
func (s *e2eMailSession) Logout() error { return nil }

// e2eSMS speaks Africa's Talking's messaging API and keeps the messages
// by number.
type e2eSMS struct {
	mu  sync.Mutex
	got map[string][]string
	n   int
}

func (a *e2eSMS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/version1/messaging" || r.Header.Get("apiKey") != "atsk_test" || r.ParseForm() != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	to := r.PostForm.Get("to")
	a.mu.Lock()
	a.n++
	a.got[to] = append(a.got[to], r.PostForm.Get("message"))
	id := fmt.Sprintf("ATXid_%d", a.n)
	a.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	_ = json.NewEncoder(w).Encode(map[string]any{"SMSMessageData": map[string]any{"Message": "Sent to 1/1",
		"Recipients": []map[string]any{{"statusCode": 101, "number": to, "status": "Success", "cost": "KES 0.8000", "messageId": id}}}})
}

// TestRemindersReachMailAndSMS is the check: email reminders reach
// a local SMTP server and SMS reminders a local gateway, once each, through
// the real senders, the scheduler run twice and the dispatcher run until
// the outbox is empty; clients without consent or not safe to text get
// nothing.
func TestRemindersReachMailAndSMS(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		mail := &e2eMail{got: map[string][]string{}}
		srv := smtp.NewServer(mail)
		srv.Domain, srv.AllowInsecureAuth = "localhost", true
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		go srv.Serve(l)
		t.Cleanup(func() { srv.Close() })
		sms := &e2eSMS{got: map[string][]string{}}
		gw := httptest.NewServer(sms)
		t.Cleanup(gw.Close)

		port := l.Addr().(*net.TCPAddr).Port
		mailer, err := notify.NewSMTPSender(notify.SMTPConfig{Host: "127.0.0.1", Port: port, From: "Haki <haki@haki.example>", TLS: notify.TLSNone})
		if err != nil {
			t.Fatal(err)
		}
		at, err := notify.NewAfricasTalking(notify.AfricasTalkingConfig{Username: "haki", APIKey: "atsk_test", SenderID: "HAKI", BaseURL: gw.URL})
		if err != nil {
			t.Fatal(err)
		}

		w := newReminderWorld(t, s)
		sys := haki.SystemContext(context.Background())
		start := w.clock.Now().Add(22 * time.Hour) // all due at once
		w.appointment(t, s, w.ok, start)
		w.appointment(t, s, w.noConsent, start.Add(30*time.Minute))
		w.appointment(t, s, w.notSafe, start.Add(time.Hour))

		d := &notify.Dispatcher{Store: s, Mailer: mailer, SMS: at, Batch: 2, SendTimeout: 10 * time.Second,
			Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
		for range 2 {
			mustSchedule(t, s, sys)
			for {
				n, err := d.RunOnce(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				if n == 0 {
					break
				}
			}
		}

		mail.mu.Lock()
		defer mail.mu.Unlock()
		sms.mu.Lock()
		defer sms.mu.Unlock()
		for _, to := range []string{"cw@haki.example", "cw2@haki.example"} {
			if len(mail.got[to]) != 3 { // one per appointment
				t.Errorf("%s got %d emails, want 3", to, len(mail.got[to]))
			}
			for _, m := range mail.got[to] {
				for _, name := range []string{"Wanjiru", "Akinyi", "Njeri"} {
					if strings.Contains(m, name) {
						t.Errorf("a client's name in an email to %s", to)
					}
				}
			}
		}
		if len(mail.got) != 2 {
			t.Errorf("emails went to %d addresses, want 2", len(mail.got))
		}
		want, _ := haki.ClientReminderText("sw", start, w.clock.Now())
		if got := sms.got["+254712345678"]; len(got) != 1 || got[0] != want {
			t.Errorf("the client who may be texted got %q, want once %q", got, want)
		}
		if len(sms.got) != 1 {
			t.Errorf("SMS went to %d numbers, want 1: %v", len(sms.got), sms.got)
		}
		sent := reminders(t, s, sys, store.OutboxSent)
		if len(sent) != 7 {
			t.Errorf("%d reminders marked sent, want 7", len(sent))
		}
	})
}
