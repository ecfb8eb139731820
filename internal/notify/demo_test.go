package notify

import (
	"strings"
	"testing"

	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// TestDemoChannelsKeep: the demo's channels send nothing; the dispatcher
// records each message as kept, and it stays on the outbox page.
func TestDemoChannelsKeep(t *testing.T) {
	s := storetest.Open(t)
	mustEnqueue(t, s, &store.OutboxMessage{Channel: store.ChannelEmail, To: "a@example.org", Subject: "s", Body: "b", Purpose: "notification"})
	mustEnqueue(t, s, &store.OutboxMessage{Channel: store.ChannelSMS, To: "0712345678", Body: "b", Purpose: "notification"})
	d := &Dispatcher{Store: s, Mailer: DemoMailer{}, SMS: DemoSMS{}}
	if n, err := d.RunOnce(t.Context()); err != nil || n != 2 {
		t.Fatalf("claimed %d: %v", n, err)
	}
	es, err := s.FindOutbox(sys, store.OutboxFilter{})
	if err != nil || len(es) != 2 {
		t.Fatalf("outbox %v, %v", es, err)
	}
	for _, e := range es {
		if e.Status != store.OutboxSent || !strings.HasPrefix(e.ProviderID, DemoProviderPrefix) {
			t.Errorf("%s: %s %q", e.Channel, e.Status, e.ProviderID)
		}
	}
}
