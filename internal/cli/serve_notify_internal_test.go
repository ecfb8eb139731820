package cli

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/notify"
	"github.com/haki-kenya/haki/internal/storetest"
	"github.com/haki-kenya/haki/internal/web"
)

// TestRunNotifyBaseURL: the notify runner gives the store the public
// address, so the messages notifications send carry their link, and the
// pages get it too.
func TestRunNotifyBaseURL(t *testing.T) {
	s := storetest.Open(t)
	c := &notifyConfig{Policy: haki.DefaultReminderPolicy, OutboxPoll: time.Hour, ReminderPoll: time.Hour, BaseURL: "https://haki.example.org"}
	stop, opt := runNotify(context.Background(), s, slog.New(slog.NewTextHandler(io.Discard, nil)), c, notify.DemoMailer{}, notify.DemoSMS{})
	stop()
	if s.BaseURL != c.BaseURL {
		t.Errorf("store BaseURL %q, want %q", s.BaseURL, c.BaseURL)
	}
	var w web.Config
	opt(&w)
	if w.BaseURL != c.BaseURL {
		t.Errorf("web BaseURL %q, want %q", w.BaseURL, c.BaseURL)
	}
}
