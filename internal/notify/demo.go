package notify

import "context"

// The demo's channels send nothing: each message is recorded as handled
// with a provider id that says it was kept, and stays readable on the
// outbox page. `haki demo` uses them, so its reminders and notifications
// can be seen without reaching anyone.

// DemoProviderPrefix begins the provider id of a message the demo kept.
const DemoProviderPrefix = "demo-kept-"

// DemoMailer is a Mailer that sends nothing.
type DemoMailer struct{}

// Send records m as kept.
func (DemoMailer) Send(_ context.Context, m Message) (string, error) {
	return DemoProviderPrefix + m.ID, nil
}

// DemoSMS is an SMSGateway that sends nothing.
type DemoSMS struct{}

// Send records the text as kept.
func (DemoSMS) Send(context.Context, string, string) (string, error) {
	return DemoProviderPrefix + "sms", nil
}
