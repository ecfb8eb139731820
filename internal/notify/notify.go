// Package notify sends Haki's outbox: email over SMTP and SMS through a
// gateway (Africa's Talking), and the Dispatcher that claims queued
// messages from the store, sends each once and records the outcome.
//
// Nothing here logs or returns in an error's text a phone number, an email
// address or a message body: errors carry a fixed Reason, and logs carry
// the outbox id and status only.
package notify

import (
	"context"
	"errors"
)

// Kinds of message.
const (
	KindEmail = "email"
	KindSMS   = "sms"
)

// Message is one message to send.
type Message struct {
	ID      string // the outbox id; it makes the email's Message-ID
	Kind    string // KindEmail or KindSMS
	To      string // an email address or a phone number
	Subject string // email only
	Body    string // plain text, UTF-8
}

// Mailer sends email. SMTPSender is the implementation; tests may use others.
type Mailer interface {
	// Send sends m and returns the provider's id for it (the Message-ID).
	Send(ctx context.Context, m Message) (providerID string, err error)
}

// SMSGateway sends text messages. AfricasTalking is the implementation.
type SMSGateway interface {
	// Send sends message to the phone number and returns the provider's
	// message id.
	Send(ctx context.Context, to, message string) (providerID string, err error)
}

// Outcome says what a failed send means for the message.
type Outcome int

// The outcomes of a failed send.
const (
	// Retry: the message did not go out and may be tried again later
	// (a gateway error, no connection, no credit, a configuration to fix).
	Retry Outcome = iota
	// Permanent: the message did not go out and never will as it is (an
	// invalid or blacklisted number, a mailbox that does not exist).
	Permanent
	// Uncertain: the message may have gone out (the channel took it and
	// then stopped answering). It is not sent again by itself: a reminder
	// that arrives twice can expose a survivor; one that never arrives
	// does not.
	Uncertain
)

func (o Outcome) String() string {
	return [...]string{"retry", "permanent", "uncertain"}[o]
}

// SendError is a failed send. Its text is Reason, which never holds
// personal data; Err, the cause, may, and must not be logged.
type SendError struct {
	Outcome Outcome
	Reason  string
	Err     error
}

func (e *SendError) Error() string { return e.Reason }
func (e *SendError) Unwrap() error { return e.Err }

func fail(o Outcome, reason string, err error) *SendError {
	return &SendError{Outcome: o, Reason: reason, Err: err}
}

// Classify returns what err means for the message and a reason that is
// safe to store and log. An error that is not a *SendError is Uncertain:
// with no knowledge, not sending twice wins.
func Classify(err error) (Outcome, string) {
	var se *SendError
	if errors.As(err, &se) {
		return se.Outcome, se.Reason
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return Uncertain, "timed out while sending"
	}
	return Uncertain, "unexpected error while sending"
}
