package notify

import (
	"context"
	"log/slog"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
)

// Dispatcher sends the outbox: it claims due messages, sends each through
// its channel and records the outcome. Run it in one goroutine per process;
// several processes on one database never send a message twice.
type Dispatcher struct {
	Store  *store.Store
	Mailer Mailer     // nil: email waits in the outbox
	SMS    SMSGateway // nil: SMS waits in the outbox
	Logger *slog.Logger
	// Poll is the pause between looks at an empty outbox; 15 s when zero.
	Poll time.Duration
	// Batch is how many messages one claim takes; 10 when zero.
	Batch int
	// SendTimeout bounds one send; 60 s when zero.
	SendTimeout time.Duration
}

func (d *Dispatcher) poll() time.Duration { return cmpOr(d.Poll, 15*time.Second) }
func (d *Dispatcher) batch() int          { return cmpOr(d.Batch, 10) }
func (d *Dispatcher) sendTimeout() time.Duration {
	return cmpOr(d.SendTimeout, 60*time.Second)
}

// lease covers sending a whole batch one after the other, with a margin:
// a message still 'sending' after it is taken as lost mid-send.
func (d *Dispatcher) lease() time.Duration {
	return time.Duration(d.batch())*d.sendTimeout() + 2*time.Minute
}

func cmpOr[T int | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

func (d *Dispatcher) logger() *slog.Logger {
	if d.Logger == nil {
		return slog.Default()
	}
	return d.Logger
}

// Run sends until ctx is cancelled, then returns nil once the message
// being sent (if any) is sent and recorded; claimed messages it had not
// started go back to the queue.
func (d *Dispatcher) Run(ctx context.Context) error {
	t := time.NewTicker(d.poll())
	defer t.Stop()
	for {
		n, err := d.RunOnce(ctx)
		if err != nil {
			d.logger().Error("outbox: claim failed", "err", err)
		}
		if n == d.batch() && err == nil && ctx.Err() == nil {
			continue // more may be due
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// RunOnce claims one batch and sends it; it returns how many it claimed.
func (d *Dispatcher) RunOnce(ctx context.Context) (int, error) {
	if ctx.Err() != nil {
		return 0, nil
	}
	// The store is written as the system, and past a cancellation, so the
	// outcome of a send in progress is always recorded.
	sys := haki.SystemContext(context.WithoutCancel(ctx))
	var channels []string
	if d.Mailer != nil {
		channels = append(channels, store.ChannelEmail)
	}
	if d.SMS != nil {
		channels = append(channels, store.ChannelSMS)
	}
	if len(channels) == 0 {
		return 0, nil
	}
	ms, err := d.Store.ClaimOutbox(sys, d.batch(), d.lease(), channels...)
	if err != nil {
		return 0, err
	}
	for i, m := range ms {
		if ctx.Err() != nil {
			d.release(sys, ms[i:])
			break
		}
		d.deliver(sys, m)
	}
	return len(ms), nil
}

func (d *Dispatcher) release(sys context.Context, ms []*store.OutboxMessage) {
	for _, m := range ms {
		if err := d.Store.ReleaseOutbox(sys, m.ID); err != nil {
			d.logger().Error("outbox: release failed", "id", m.ID, "err", err)
		}
	}
}

// deliver sends one message and records what happened. The send is not
// cut short by a stop: a send cut halfway would be 'unknown'.
func (d *Dispatcher) deliver(sys context.Context, m *store.OutboxMessage) {
	ctx, cancel := context.WithTimeout(sys, d.sendTimeout())
	defer cancel()
	var providerID string
	var err error
	switch m.Channel {
	case store.ChannelEmail:
		providerID, err = d.Mailer.Send(ctx, Message{ID: m.ID, Kind: KindEmail, To: m.To, Subject: m.Subject, Body: m.Body})
	case store.ChannelSMS:
		providerID, err = d.SMS.Send(ctx, m.To, m.Body)
	default:
		err = fail(Permanent, "unknown channel", nil)
	}
	status, reason := store.OutboxSent, ""
	var markErr error
	if err == nil {
		markErr = d.Store.MarkSent(sys, m.ID, providerID)
	} else {
		var outcome Outcome
		outcome, reason = Classify(err)
		switch outcome {
		case Retry:
			status, markErr = "retry", d.Store.MarkFailed(sys, m.ID, true, reason)
		case Permanent:
			status, markErr = store.OutboxFailed, d.Store.MarkFailed(sys, m.ID, false, reason)
		default:
			status, markErr = store.OutboxUnknown, d.Store.MarkUnknown(sys, m.ID, reason)
		}
	}
	// Only the id, channel, attempt and status: never the recipient or text.
	log := d.logger().With("id", m.ID, "channel", m.Channel, "attempt", m.Attempts)
	if markErr != nil {
		log.Error("outbox: could not record the outcome", "status", status, "err", markErr)
		return
	}
	log.Info("outbox: message", "status", status, "reason", reason)
}
