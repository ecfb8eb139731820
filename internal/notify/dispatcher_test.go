package notify

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var sys = haki.SystemContext(context.Background())

func mustEnqueue(t *testing.T, s *store.Store, m *store.OutboxMessage) {
	t.Helper()
	if ok, err := s.Enqueue(sys, m); err != nil || !ok {
		t.Fatalf("enqueue: %v %v", ok, err)
	}
}

// waitFor polls the outbox until every message has one of the statuses.
// retried is a status waitFor waits for: queued again after a failed
// attempt was recorded (a message just queued has no attempt yet).
const retried = "queued after an attempt"

func waitFor(t *testing.T, s *store.Store, want map[string]string) map[string]*store.OutboxEntry {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		es, err := s.FindOutbox(sys, store.OutboxFilter{})
		if err != nil {
			t.Fatal(err)
		}
		got, done := map[string]*store.OutboxEntry{}, true
		for _, e := range es {
			got[e.ID] = e
		}
		for id, status := range want {
			switch e := got[id]; {
			case e == nil:
				done = false
			case status == retried:
				done = done && e.Status == store.OutboxQueued && e.Attempts > 0
			default:
				done = done && e.Status == status
			}
		}
		if done {
			return got
		}
		if time.Now().After(deadline) {
			for id, status := range want {
				t.Errorf("message %s: %+v, want %s", id, got[id], status)
			}
			t.FailNow()
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestDispatcherEndToEnd queues reminders, runs the dispatcher against a
// local SMTP server and a local Africa's Talking server, and checks each
// message arrives exactly once and nothing personal reaches the log.
func TestDispatcherEndToEnd(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ms := &mailServer{User: "haki", Pass: "s3cret", RejectRcpt: map[string]*smtp.SMTPError{
			"gone@example.org": {Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}}}
		startMailServer(t, ms, TLSNone, nil)
		mailer, err := NewSMTPSender(SMTPConfig{Host: ms.Host, Port: ms.Port, Username: "haki", Password: "s3cret",
			From: "Haki <reminders@haki.example>", TLS: TLSNone, Timeout: 5 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		at := newATServer(t)

		want := map[string]string{}
		queue := func(m *store.OutboxMessage, status string) *store.OutboxMessage {
			m.Purpose, m.RefKind = "reminder", "event"
			m.DedupeKey = "reminder/" + m.RefID + "/" + m.Channel
			mustEnqueue(t, s, m)
			want[m.ID] = status
			return m
		}
		var mails, texts []*store.OutboxMessage
		for i := range 3 {
			mails = append(mails, queue(&store.OutboxMessage{Channel: store.ChannelEmail, To: fmt.Sprintf("staff%d@example.org", i),
				Subject: swSubject, Body: swBody, RefID: fmt.Sprintf("ev%d", i)}, store.OutboxSent))
			texts = append(texts, queue(&store.OutboxMessage{Channel: store.ChannelSMS, To: fmt.Sprintf("0712 00000%d", i),
				Body: fmt.Sprintf("Ukumbusho %d: miadi yako ni kesho saa 4:00.", i), RefID: fmt.Sprintf("ev%d", i)}, store.OutboxSent))
		}
		gone := queue(&store.OutboxMessage{Channel: store.ChannelEmail, To: "gone@example.org", Subject: "s", Body: "Siri ya barua", RefID: "ev7"}, store.OutboxFailed)
		landline := queue(&store.OutboxMessage{Channel: store.ChannelSMS, To: "0202345678", Body: "Siri ya simu", RefID: "ev8"}, store.OutboxFailed)
		broke := queue(&store.OutboxMessage{Channel: store.ChannelSMS, To: "0711000405", Body: "Siri ya salio", RefID: "ev9"}, retried)

		var logs syncBuffer
		d := &Dispatcher{Store: s, Mailer: mailer, SMS: at.gateway(t, at.Key), Poll: 20 * time.Millisecond, Batch: 4,
			Logger: slog.New(slog.NewTextHandler(&logs, nil))}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error)
		go func() { done <- d.Run(ctx) }()
		// A second dispatcher on the same database at the same time.
		d2 := *d
		go func() { d2.Run(ctx) }()
		got := waitFor(t, s, want)
		time.Sleep(150 * time.Millisecond) // more polls: nothing may go out again
		cancel()
		if err := <-done; err != nil {
			t.Fatal(err)
		}

		received := map[string]int{}
		for _, r := range ms.Received() {
			received[r.To]++
			checkMailBody(t, r.Data)
		}
		for _, m := range mails {
			if received[m.To] != 1 {
				t.Errorf("%s received %d emails, want 1", m.To, received[m.To])
			}
			if e := got[m.ID]; !strings.HasPrefix(e.ProviderID, "<"+m.ID+"@") || e.Attempts != 1 {
				t.Errorf("email entry %+v", e)
			}
		}
		for i, m := range texts {
			number := fmt.Sprintf("+25471200000%d", i)
			if n := at.Sent(number); len(n) != 1 || n[0] != m.Body {
				t.Errorf("%s received %q, want one message", number, n)
			}
			if e := got[m.ID]; !strings.HasPrefix(e.ProviderID, "ATXid_") || e.Attempts != 1 {
				t.Errorf("sms entry %+v", e)
			}
		}
		if e := got[gone.ID]; e.LastError != "smtp: 550 at RCPT" || e.Requeueable {
			t.Errorf("rejected mailbox: %+v", e)
		}
		if e := got[landline.ID]; e.LastError != "invalid phone number" || e.Attempts != 1 {
			t.Errorf("landline: %+v", e)
		}
		if e := got[broke.ID]; e.LastError != "sms: 405 InsufficientBalance" || e.Attempts != 1 || !e.NextAttemptAt.After(time.Now()) {
			t.Errorf("no credit: %+v", e)
		}
		log := logs.String()
		if !strings.Contains(log, mails[0].ID) || !strings.Contains(log, "status=sent") {
			t.Errorf("log lacks ids and statuses:\n%s", log)
		}
		// Whole numbers, as written and as sent: a short piece such as "0202"
		// turns up by chance in the hex of a message id.
		for _, secret := range []string{"example.org", "+2547", "0712 00000", "071200000", "0202345678", "202345678", "0711000405",
			"711000405", "Ukumbusho", "Siri", "Habari"} {
			if strings.Contains(log, secret) {
				t.Errorf("log carries %q:\n%s", secret, log)
			}
		}
		// Queueing the same reminders again changes nothing.
		if ok, _ := s.Enqueue(sys, &store.OutboxMessage{Channel: store.ChannelSMS, To: "0712000000", Body: "again",
			Purpose: "reminder", DedupeKey: texts[0].DedupeKey}); ok {
			t.Error("a sent reminder was queued again")
		}
	})
}

func checkMailBody(t *testing.T, data []byte) {
	t.Helper()
	if !bytes.Contains(data, []byte("Content-Transfer-Encoding: quoted-printable")) {
		t.Errorf("mail without quoted-printable body")
	}
}

// slowMailer blocks each send until released, counting sends.
type slowMailer struct {
	started chan string
	release chan struct{}
	mu      sync.Mutex
	sent    []string
}

func (m *slowMailer) Send(ctx context.Context, msg Message) (string, error) {
	m.started <- msg.ID
	<-m.release
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sent = append(m.sent, msg.ID)
	return "<" + msg.ID + "@test>", nil
}

// TestDispatcherGracefulStop: a stop lets the send in progress finish and
// be recorded as sent, and puts back the claimed messages not yet started.
func TestDispatcherGracefulStop(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		var ids []string
		for i := range 3 {
			m := &store.OutboxMessage{Channel: store.ChannelEmail, To: fmt.Sprintf("s%d@example.org", i), Subject: "s", Body: "b", Purpose: "reminder"}
			mustEnqueue(t, s, m)
			ids = append(ids, m.ID)
		}
		mailer := &slowMailer{started: make(chan string, 3), release: make(chan struct{})}
		d := &Dispatcher{Store: s, Mailer: mailer, Poll: time.Hour, Batch: 3, Logger: slog.New(slog.DiscardHandler)}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error)
		go func() { done <- d.Run(ctx) }()
		first := <-mailer.started
		cancel()
		close(mailer.release)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		want := map[string]string{}
		for _, id := range ids {
			want[id] = store.OutboxQueued
		}
		want[first] = store.OutboxSent
		got := waitFor(t, s, want)
		for _, id := range ids {
			if id != first && got[id].Attempts != 0 {
				t.Errorf("released message %s has %d attempts", id, got[id].Attempts)
			}
		}
		if len(mailer.sent) != 1 {
			t.Errorf("sent %d, want 1", len(mailer.sent))
		}
	})
}
