package cli

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/notify"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/web"
)

// notifyConfig is how serve sends the outbox (email over SMTP, SMS through
// Africa's Talking) and schedules reminders. Nothing configured: messages
// wait in the outbox, and the delivery page says so.
type notifyConfig struct {
	SMTPHost, SMTPUser, SMTPPassword, SMTPFrom, SMTPTLS string
	SMTPPort                                            int
	SMSProvider                                         string
	ATUser, ATKey, ATSender, ATBaseURL                  string
	OutboxPoll                                          time.Duration
	BaseURL                                             string
	Policy                                              haki.ReminderPolicy
	ReminderPoll                                        time.Duration
	// Demo keeps every message in the outbox (haki demo).
	Demo bool
}

// notifyFlags declares the flags of sending and reminders, defaulting to
// the environment.
func (m *Main) notifyFlags(fs *flag.FlagSet) *notifyConfig {
	c := &notifyConfig{Policy: haki.DefaultReminderPolicy}
	env := func(name, def string) string {
		if v := m.Getenv(name); v != "" {
			return v
		}
		return def
	}
	dur := func(name string, def time.Duration) time.Duration {
		if d, err := time.ParseDuration(m.Getenv(name)); err == nil {
			return d
		}
		return def
	}
	port, _ := strconv.Atoi(m.Getenv("HAKI_SMTP_PORT"))
	fs.StringVar(&c.SMTPHost, "smtp-host", env("HAKI_SMTP_HOST", ""), "SMTP server for email reminders; none: email waits in the outbox (env HAKI_SMTP_HOST)")
	fs.IntVar(&c.SMTPPort, "smtp-port", port, "SMTP port; 25, 587 or 465 by --smtp-tls when 0 (env HAKI_SMTP_PORT)")
	fs.StringVar(&c.SMTPUser, "smtp-username", env("HAKI_SMTP_USERNAME", ""), "SMTP user name (env HAKI_SMTP_USERNAME)")
	// The password is read from the environment only: a flag shows in ps.
	c.SMTPPassword = m.Getenv("HAKI_SMTP_PASSWORD")
	fs.StringVar(&c.SMTPFrom, "smtp-from", env("HAKI_SMTP_FROM", ""), `sender of email, e.g. "Haki <haki@example.org>" (env HAKI_SMTP_FROM)`)
	fs.StringVar(&c.SMTPTLS, "smtp-tls", env("HAKI_SMTP_TLS", "starttls"), "none, starttls or tls (env HAKI_SMTP_TLS)")
	fs.StringVar(&c.SMSProvider, "sms-provider", env("HAKI_SMS_PROVIDER", ""), "africastalking, or empty: SMS waits in the outbox (env HAKI_SMS_PROVIDER)")
	fs.StringVar(&c.ATUser, "at-username", env("HAKI_AT_USERNAME", ""), "Africa's Talking application user name (env HAKI_AT_USERNAME)")
	c.ATKey = m.Getenv("HAKI_AT_API_KEY") // environment only, like the SMTP password
	fs.StringVar(&c.ATSender, "at-sender-id", env("HAKI_AT_SENDER_ID", ""), "Africa's Talking sender id or short code (env HAKI_AT_SENDER_ID)")
	fs.StringVar(&c.ATBaseURL, "at-base-url", env("HAKI_AT_BASE_URL", ""), "Africa's Talking API address; the live one when empty (env HAKI_AT_BASE_URL)")
	fs.DurationVar(&c.OutboxPoll, "outbox-poll", dur("HAKI_OUTBOX_POLL", 15*time.Second), "pause between looks at an empty outbox (env HAKI_OUTBOX_POLL)")
	fs.StringVar(&c.BaseURL, "base-url", env("HAKI_BASE_URL", ""), "public address of this server, e.g. https://haki.example.org, for links in email and calendar feeds (env HAKI_BASE_URL)")
	fs.DurationVar(&c.Policy.StaffLead, "reminder-staff-lead", dur("HAKI_REMINDER_STAFF_LEAD", c.Policy.StaffLead), "email colleagues this long before an event (env HAKI_REMINDER_STAFF_LEAD)")
	fs.DurationVar(&c.Policy.ClientLead, "reminder-client-lead", dur("HAKI_REMINDER_CLIENT_LEAD", c.Policy.ClientLead), "text clients this long before an appointment (env HAKI_REMINDER_CLIENT_LEAD)")
	fs.DurationVar(&c.ReminderPoll, "reminder-poll", dur("HAKI_REMINDER_POLL", time.Minute), "pause between reminder scheduling runs (env HAKI_REMINDER_POLL)")
	return c
}

// senders checks the configuration and makes the channels it names.
func (c *notifyConfig) senders() (notify.Mailer, notify.SMSGateway, error) {
	if err := c.Policy.Validate(); err != nil {
		return nil, nil, fmt.Errorf("--reminder-staff-lead and --reminder-client-lead must be between 15m and 168h")
	}
	if c.OutboxPoll < time.Second || c.ReminderPoll < time.Second {
		return nil, nil, fmt.Errorf("--outbox-poll and --reminder-poll must be at least 1s")
	}
	if c.BaseURL != "" && !strings.HasPrefix(c.BaseURL, "https://") && !strings.HasPrefix(c.BaseURL, "http://") {
		return nil, nil, fmt.Errorf("--base-url must start with https:// (or http://)")
	}
	var mailer notify.Mailer
	if c.SMTPHost != "" {
		ms, err := notify.NewSMTPSender(notify.SMTPConfig{Host: c.SMTPHost, Port: c.SMTPPort, Username: c.SMTPUser, Password: c.SMTPPassword,
			From: c.SMTPFrom, TLS: notify.TLSMode(c.SMTPTLS)})
		if err != nil {
			return nil, nil, err
		}
		mailer = ms
	}
	var sms notify.SMSGateway
	switch c.SMSProvider {
	case "":
	case "africastalking":
		at, err := notify.NewAfricasTalking(notify.AfricasTalkingConfig{Username: c.ATUser, APIKey: c.ATKey, SenderID: c.ATSender, BaseURL: c.ATBaseURL})
		if err != nil {
			return nil, nil, fmt.Errorf("%w (set HAKI_AT_USERNAME and HAKI_AT_API_KEY)", err)
		}
		sms = at
	default:
		return nil, nil, fmt.Errorf("--sms-provider %q: the one provider is africastalking", c.SMSProvider)
	}
	return mailer, sms, nil
}

// String tells the channels with every secret left out.
func (c *notifyConfig) String() string {
	email, sms := "not configured", "not configured"
	if c.Demo {
		email, sms = "demo: kept in the outbox, not sent", "demo: kept in the outbox, not sent"
	}
	if c.SMTPHost != "" {
		email = fmt.Sprintf("smtp %s port=%d tls=%s auth=%t", c.SMTPHost, c.SMTPPort, c.SMTPTLS, c.SMTPUser != "")
	}
	if c.SMSProvider != "" {
		sms = c.SMSProvider
	}
	return fmt.Sprintf("email=%q sms=%q reminders=staff %s, clients %s before", email, sms, c.Policy.StaffLead, c.Policy.ClientLead)
}

// startNotify starts the reminder scheduler and the outbox dispatcher on
// ctx. stop cancels them and waits until both have returned (a message
// being sent is sent and recorded first). It returns the web option that
// tells the pages which channels are configured.
func startNotify(ctx context.Context, s *store.Store, logger *slog.Logger, c *notifyConfig) (stop func(), opt func(*web.Config), err error) {
	mailer, sms, err := c.senders()
	if err != nil {
		return nil, nil, err
	}
	stop, opt = runNotify(ctx, s, logger, c, mailer, sms)
	return stop, opt, nil
}

// startDemoNotify runs the reminder scheduler and the dispatcher for the
// demo, over channels that send nothing: the messages of reminders and
// notifications are kept on the outbox page.
func startDemoNotify(ctx context.Context, s *store.Store, logger *slog.Logger) (stop func(), opt func(*web.Config)) {
	c := &notifyConfig{Policy: haki.DefaultReminderPolicy, OutboxPoll: 15 * time.Second, ReminderPoll: time.Minute, Demo: true}
	return runNotify(ctx, s, logger, c, notify.DemoMailer{}, notify.DemoSMS{})
}

// runNotify starts the dispatcher over the channels and the reminder
// scheduler; see startNotify.
func runNotify(ctx context.Context, s *store.Store, logger *slog.Logger, c *notifyConfig, mailer notify.Mailer, sms notify.SMSGateway) (stop func(), opt func(*web.Config)) {
	// The messages of notifications link to the notification page at the
	// public address; set before any request or worker writes one.
	s.BaseURL = c.BaseURL
	var channels []string
	if mailer != nil {
		channels = append(channels, store.ChannelEmail)
	}
	if sms != nil {
		channels = append(channels, store.ChannelSMS)
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	d := &notify.Dispatcher{Store: s, Logger: logger, Poll: c.OutboxPoll}
	if mailer != nil {
		d.Mailer = mailer
	}
	if sms != nil {
		d.SMS = sms
	}
	wg.Go(func() { _ = d.Run(ctx) })
	wg.Go(func() { runReminders(ctx, s, logger, c) })
	logger.Info("outbox and reminders", "config", c.String())
	opt = func(w *web.Config) { w.Channels, w.BaseURL = channels, c.BaseURL }
	return func() { cancel(); wg.Wait() }, opt
}

// runReminders schedules reminders now and then every ReminderPoll until
// ctx is done. A failed run is logged and tried again at the next tick.
func runReminders(ctx context.Context, s *store.Store, logger *slog.Logger, c *notifyConfig) {
	t := time.NewTicker(c.ReminderPoll)
	defer t.Stop()
	sys := haki.SystemContext(ctx)
	for {
		run, err := s.ScheduleReminders(sys, store.ReminderOptions{Policy: c.Policy, BaseURL: c.BaseURL})
		if err != nil && ctx.Err() == nil {
			logger.Error("reminders: scheduling failed", "err", err)
		} else if run.Queued > 0 || run.Cancelled > 0 {
			logger.Info("reminders", "queued", run.Queued, "withdrawn", run.Cancelled)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
