package store_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
	"github.com/haki-kenya/haki/internal/vault"
)

var sys = haki.SystemContext(context.Background())

func smsTo(n int) *store.OutboxMessage {
	return &store.OutboxMessage{Channel: store.ChannelSMS, To: fmt.Sprintf("07%08d", 12000000+n), Body: "Ukumbusho: miadi yako ni kesho saa 4:00.",
		Purpose: "reminder", RefKind: "event", RefID: fmt.Sprintf("ev-%d", n), DedupeKey: fmt.Sprintf("reminder/ev-%d/24h", n)}
}

func mustEnqueue(tb testing.TB, s *store.Store, m *store.OutboxMessage) {
	tb.Helper()
	if ok, err := s.Enqueue(sys, m); err != nil || !ok {
		tb.Fatalf("enqueue: %v %v", ok, err)
	}
}

func mustClaim(tb testing.TB, s *store.Store, limit int) []*store.OutboxMessage {
	tb.Helper()
	ms, err := s.ClaimOutbox(sys, limit, time.Minute)
	if err != nil {
		tb.Fatalf("claim: %v", err)
	}
	return ms
}

func mustEntry(tb testing.TB, s *store.Store, id string) *store.OutboxEntry {
	tb.Helper()
	es, err := s.FindOutbox(sys, store.OutboxFilter{})
	if err != nil {
		tb.Fatal(err)
	}
	for _, e := range es {
		if e.ID == id {
			return e
		}
	}
	tb.Fatalf("no outbox entry %s", id)
	return nil
}

// rawOutbox returns the stored recipient and body as they lie in the database.
func rawOutbox(tb testing.TB, s *store.Store, id string) (string, string) {
	tb.Helper()
	var to, body string
	q := `SELECT recipient, body FROM outbox WHERE id = ` + map[string]string{"sqlite": "?", "postgres": "$1"}[s.Dialect()]
	if err := s.DB().QueryRow(q, id).Scan(&to, &body); err != nil {
		tb.Fatal(err)
	}
	return to, body
}

func TestOutboxEnqueue(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		m := smsTo(1)
		mustEnqueue(t, s, m)
		to, body := rawOutbox(t, s, m.ID)
		if to == "" || strings.Contains(to, "12000001") || strings.Contains(body, "Ukumbusho") {
			t.Errorf("recipient or body stored in clear: %q %q", to, body)
		}
		again := smsTo(1)
		again.Body = "another text"
		if ok, err := s.Enqueue(sys, again); err != nil || ok {
			t.Errorf("duplicate dedupe key: queued %v, err %v; want silently ignored", ok, err)
		}
		if es, err := s.FindOutbox(sys, store.OutboxFilter{RefKind: "event", RefID: "ev-1"}); err != nil || len(es) != 1 {
			t.Fatalf("FindOutbox = %d entries, %v; want 1", len(es), err)
		} else if e := es[0]; e.Status != store.OutboxQueued || e.Channel != store.ChannelSMS || e.Purpose != "reminder" || e.Attempts != 0 {
			t.Errorf("entry = %+v", e)
		}
		// Without a dedupe key each message is its own.
		for range 2 {
			m := smsTo(2)
			m.DedupeKey = ""
			mustEnqueue(t, s, m)
		}
		if es, _ := s.FindOutbox(sys, store.OutboxFilter{RefID: "ev-2"}); len(es) != 2 {
			t.Errorf("messages without dedupe key = %d, want 2", len(es))
		}
	})
}

func TestOutboxValidateAndAccess(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		for _, tc := range []struct {
			name  string
			edit  func(m *store.OutboxMessage)
			field string
		}{
			{"channel", func(m *store.OutboxMessage) { m.Channel = "fax" }, "channel"},
			{"phone", func(m *store.OutboxMessage) { m.To = "call me" }, "to"},
			{"email", func(m *store.OutboxMessage) { m.Channel, m.To = store.ChannelEmail, "not an address" }, "to"},
			{"subject header injection", func(m *store.OutboxMessage) {
				m.Channel, m.To, m.Subject = store.ChannelEmail, "a@example.org", "Hi\r\nBcc: x@example.org"
			}, "subject"},
			{"empty body", func(m *store.OutboxMessage) { m.Body = " " }, "body"},
			{"long sms", func(m *store.OutboxMessage) { m.Body = strings.Repeat("a", 481) }, "body"},
			{"no purpose", func(m *store.OutboxMessage) { m.Purpose = "" }, "purpose"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				m := smsTo(3)
				tc.edit(m)
				_, err := s.Enqueue(sys, m)
				if haki.ErrorCode(err) != haki.EINVALID || haki.ErrorFields(err)[tc.field] == "" {
					t.Errorf("err = %v, want invalid %s", err, tc.field)
				}
			})
		}
		cw := storetest.MustUser(t, s, "cw", haki.RoleCaseworker, "")
		if _, err := s.FindOutbox(storetest.As(cw), store.OutboxFilter{}); haki.ErrorCode(err) != haki.EFORBIDDEN {
			t.Errorf("caseworker FindOutbox: %v", err)
		}
		if _, err := s.ClaimOutbox(storetest.As(cw), 1, time.Minute); haki.ErrorCode(err) != haki.EFORBIDDEN {
			t.Errorf("caseworker ClaimOutbox: %v", err)
		}
		if _, err := s.ClaimOutbox(context.Background(), 1, time.Minute); haki.ErrorCode(err) != haki.EUNAUTHORIZED {
			t.Errorf("anonymous ClaimOutbox: %v", err)
		}
		if _, err := s.FindOutbox(sys, store.OutboxFilter{Status: "lost"}); haki.ErrorCode(err) != haki.EINVALID {
			t.Errorf("bad status filter: %v", err)
		}
	})
}

func TestOutboxClaimConcurrent(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		const n = 40
		for i := range n {
			mustEnqueue(t, s, smsTo(i))
		}
		var mu sync.Mutex
		seen := map[string]int{}
		var wg sync.WaitGroup
		for range 2 {
			wg.Go(func() {
				for {
					ms, err := s.ClaimOutbox(sys, 3, time.Minute)
					if err != nil {
						t.Error(err)
						return
					}
					if len(ms) == 0 {
						return
					}
					mu.Lock()
					for _, m := range ms {
						seen[m.ID]++
					}
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if len(seen) != n {
			t.Errorf("claimed %d distinct messages, want %d", len(seen), n)
		}
		for id, k := range seen {
			if k != 1 {
				t.Errorf("message %s claimed %d times", id, k)
			}
		}
	})
}

func TestOutboxBackoff(t *testing.T) {
	want := []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 16 * time.Minute, 32 * time.Minute,
		64 * time.Minute, 128 * time.Minute, 256 * time.Minute, 6 * time.Hour, 6 * time.Hour}
	for i, w := range want {
		if got := store.OutboxBackoff(i + 1); got != w {
			t.Errorf("OutboxBackoff(%d) = %v, want %v", i+1, got, w)
		}
	}
	if got := store.OutboxBackoff(1000); got != 6*time.Hour {
		t.Errorf("OutboxBackoff(1000) = %v", got)
	}
}

func TestOutboxRetryThenGiveUp(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		c := newClock(s)
		m := smsTo(4)
		mustEnqueue(t, s, m)
		for attempt := 1; attempt <= store.MaxOutboxAttempts; attempt++ {
			ms := mustClaim(t, s, 10)
			if len(ms) != 1 || ms[0].Attempts != attempt || ms[0].To != m.To || ms[0].Body != m.Body {
				t.Fatalf("attempt %d: claimed %+v", attempt, ms)
			}
			if err := s.MarkFailed(sys, m.ID, true, "at 500 InternalServerError"); err != nil {
				t.Fatal(err)
			}
			e := mustEntry(t, s, m.ID)
			if attempt == store.MaxOutboxAttempts {
				if e.Status != store.OutboxFailed || !e.Requeueable || e.LastError != "at 500 InternalServerError" {
					t.Fatalf("after the last attempt: %+v", e)
				}
				break
			}
			if e.Status != store.OutboxQueued || !e.NextAttemptAt.Equal(c.t.Add(store.OutboxBackoff(attempt))) {
				t.Fatalf("attempt %d: %+v, want queued at +%v", attempt, e, store.OutboxBackoff(attempt))
			}
			c.advance(store.OutboxBackoff(attempt) - time.Second)
			if ms := mustClaim(t, s, 10); len(ms) != 0 {
				t.Fatalf("attempt %d: claimed before its backoff ran out", attempt)
			}
			c.advance(time.Second)
		}
		c.advance(24 * time.Hour)
		if ms := mustClaim(t, s, 10); len(ms) != 0 {
			t.Fatal("a failed message was claimed")
		}
		// An administrator may try again: the content was kept.
		if err := s.RequeueOutbox(sys, m.ID); err != nil {
			t.Fatal(err)
		}
		if ms := mustClaim(t, s, 10); len(ms) != 1 || ms[0].Attempts != 1 {
			t.Fatalf("after requeue claimed %+v", ms)
		}
	})
}

func TestOutboxPermanentFailureShreds(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		m := smsTo(5)
		mustEnqueue(t, s, m)
		mustClaim(t, s, 1)
		if err := s.MarkFailed(sys, m.ID, false, "at 403 InvalidPhoneNumber"); err != nil {
			t.Fatal(err)
		}
		if e := mustEntry(t, s, m.ID); e.Status != store.OutboxFailed || e.Requeueable || e.Attempts != 1 {
			t.Errorf("entry = %+v", e)
		}
		if to, body := rawOutbox(t, s, m.ID); to != "" || body != "" {
			t.Errorf("content kept after a permanent failure")
		}
		if err := s.RequeueOutbox(sys, m.ID); haki.ErrorCode(err) != haki.ECONFLICT {
			t.Errorf("requeue shredded message: %v", err)
		}
	})
}

func TestOutboxSent(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		c := newClock(s)
		m := smsTo(6)
		mustEnqueue(t, s, m)
		mustClaim(t, s, 1)
		c.advance(time.Second)
		if err := s.MarkSent(sys, m.ID, "ATXid_1"); err != nil {
			t.Fatal(err)
		}
		e := mustEntry(t, s, m.ID)
		if e.Status != store.OutboxSent || e.ProviderID != "ATXid_1" || !e.SentAt.Equal(c.t) || e.Requeueable {
			t.Errorf("entry = %+v", e)
		}
		if to, body := rawOutbox(t, s, m.ID); to != "" || body != "" {
			t.Errorf("content kept after sending")
		}
		if err := s.MarkSent(sys, m.ID, "again"); haki.ErrorCode(err) != haki.ECONFLICT {
			t.Errorf("MarkSent twice: %v", err)
		}
		if err := s.MarkFailed(sys, "no-such-id", true, "x"); haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Errorf("MarkFailed unknown id: %v", err)
		}
		c.advance(48 * time.Hour)
		if ms := mustClaim(t, s, 10); len(ms) != 0 {
			t.Errorf("a sent message was claimed again")
		}
	})
}

func TestOutboxLeaseExpiryIsNotResent(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		c := newClock(s)
		m := smsTo(7)
		mustEnqueue(t, s, m)
		if ms := mustClaim(t, s, 1); len(ms) != 1 {
			t.Fatal("not claimed")
		}
		// The worker dies mid-send; no MarkSent ever comes.
		c.advance(59 * time.Second)
		if ms := mustClaim(t, s, 1); len(ms) != 0 {
			t.Fatal("claimed during its lease")
		}
		c.advance(2 * time.Second)
		for range 3 {
			if ms := mustClaim(t, s, 1); len(ms) != 0 {
				t.Fatal("a message whose lease ran out was sent again")
			}
			c.advance(24 * time.Hour)
		}
		e := mustEntry(t, s, m.ID)
		if e.Status != store.OutboxUnknown || !e.Requeueable || e.LastError == "" {
			t.Errorf("entry = %+v", e)
		}
		admin := storetest.MustUser(t, s, "boss", haki.RoleAdmin, "")
		if err := s.RequeueOutbox(storetest.As(admin), m.ID); err != nil {
			t.Fatal(err)
		}
		if ms := mustClaim(t, s, 1); len(ms) != 1 || ms[0].ID != m.ID {
			t.Fatalf("requeued message not claimed: %+v", ms)
		}
	})
}

func TestOutboxReleaseAndCancel(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		a, b := smsTo(8), smsTo(9)
		b.RefID = a.RefID
		mustEnqueue(t, s, a)
		mustEnqueue(t, s, b)
		ms := mustClaim(t, s, 1)
		if err := s.ReleaseOutbox(sys, ms[0].ID); err != nil {
			t.Fatal(err)
		}
		if e := mustEntry(t, s, ms[0].ID); e.Status != store.OutboxQueued || e.Attempts != 0 {
			t.Errorf("released: %+v", e)
		}
		if n, err := s.CancelOutbox(sys, "event", a.RefID); err != nil || n != 2 {
			t.Fatalf("cancel = %d, %v", n, err)
		}
		if e := mustEntry(t, s, a.ID); e.Status != store.OutboxCancelled || e.Requeueable {
			t.Errorf("cancelled: %+v", e)
		}
		if ms := mustClaim(t, s, 10); len(ms) != 0 {
			t.Error("a cancelled message was claimed")
		}
		if ok, _ := s.Enqueue(sys, smsTo(8)); ok {
			t.Error("a cancelled reminder was queued again under the same key")
		}
	})
}

// TestOutboxRestart: a new process on the same database (and keys) finds
// the queued messages and can open them.
func TestOutboxRestart(t *testing.T) {
	dsns := map[string]string{"sqlite": filepath.Join(t.TempDir(), "haki.db")}
	if os.Getenv(storetest.PostgresURLEnv) != "" {
		dsns["postgres"] = storetest.PostgresURL(t)
	}
	names := make([]string, 0, len(dsns))
	for n := range dsns {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			keys := vault.NewKeyring()
			open := func() *store.Store {
				s, err := store.Open(context.Background(), dsns[name], keys)
				if err != nil {
					t.Fatal(err)
				}
				if err := s.Migrate(context.Background()); err != nil {
					t.Fatal(err)
				}
				return s
			}
			s := open()
			m := smsTo(10)
			mustEnqueue(t, s, m)
			s.Close()
			s = open()
			defer s.Close()
			if ok, _ := s.Enqueue(sys, smsTo(10)); ok {
				t.Error("dedupe forgotten across a restart")
			}
			ms := mustClaim(t, s, 10)
			if len(ms) != 1 || ms[0].ID != m.ID || ms[0].To != m.To || ms[0].Body != m.Body {
				t.Fatalf("after restart claimed %+v", ms)
			}
		})
	}
}

func TestOutboxExpiryAndChannels(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		c := newClock(s)
		late := smsTo(11)
		late.NotBefore, late.ExpiresAt = c.t.Add(time.Hour), c.t.Add(2*time.Hour)
		mustEnqueue(t, s, late)
		mail := &store.OutboxMessage{Channel: store.ChannelEmail, To: "staff@example.org", Subject: "Reminder", Body: "Tomorrow 10:00",
			Purpose: "reminder", DedupeKey: "reminder/mail"}
		mustEnqueue(t, s, mail)
		if ms, err := s.ClaimOutbox(sys, 10, time.Minute, store.ChannelSMS); err != nil || len(ms) != 0 {
			t.Fatalf("claimed %d sms before NotBefore (%v)", len(ms), err)
		}
		if ms, _ := s.ClaimOutbox(sys, 10, time.Minute, store.ChannelEmail); len(ms) != 1 || ms[0].To != "staff@example.org" {
			t.Fatalf("email claim = %+v", ms)
		}
		c.advance(2 * time.Hour)
		if ms := mustClaim(t, s, 10); len(ms) != 0 {
			t.Fatal("an expired message was claimed")
		}
		if e := mustEntry(t, s, late.ID); e.Status != store.OutboxFailed || e.Requeueable || !e.ExpiresAt.Equal(late.ExpiresAt) {
			t.Errorf("expired entry = %+v", e)
		}
	})
}
