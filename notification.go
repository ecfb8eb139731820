package haki

import (
	"strings"
	"time"
)

// Notifications: a colleague is told, in a list inside Haki, when work
// comes to them: a referral to a network professional, a task handed on,
// a hearing set in a matter they are counsel in, a client of theirs who
// missed a session. By their choice they are also told by email or SMS,
// through the outbox; a message that leaves Haki says only that there is
// something to read, never a client's name, reference or any detail.

// The kinds of notification.
const (
	NoticeReferral = "referral" // a client was referred to you
	NoticeTask     = "task"     // a task was handed to you
	NoticeHearing  = "hearing"  // a hearing was set in your matter
	NoticeMissed   = "missed"   // your client missed a session
)

// NoticeKinds lists the kinds of notification.
var NoticeKinds = []string{NoticeReferral, NoticeTask, NoticeHearing, NoticeMissed}

// Notification is one thing a colleague is told. Link is the page inside
// Haki it is about; CaseRef the case's reference, shown only inside Haki.
type Notification struct {
	ID        string    `json:"id"`
	Kind      string    `json:"kind"`
	RefKind   string    `json:"ref_kind"`
	RefID     string    `json:"ref_id"`
	CaseID    string    `json:"case_id,omitempty"`
	CaseRef   string    `json:"case_ref,omitempty"`
	Link      string    `json:"link"`
	ActorName string    `json:"actor_name,omitempty"` // the colleague whose work caused it
	CreatedAt time.Time `json:"created_at"`
	ReadAt    time.Time `json:"read_at,omitzero"`
}

// Unread reports whether the notification has not been opened.
func (n *Notification) Unread() bool { return n.ReadAt.IsZero() }

// NoticeSettings is how a colleague wants to be told besides the list in
// Haki: by email (to the account's address) and by SMS (to Phone).
type NoticeSettings struct {
	Email bool   `json:"email"`
	SMS   bool   `json:"sms"`
	Phone string `json:"phone"`
	// Address is the account's email address; read-only here.
	Address string `json:"address,omitempty"`
}

// Normalize trims the phone number.
func (s *NoticeSettings) Normalize() { s.Phone = strings.TrimSpace(s.Phone) }

// Validate checks the settings: SMS needs a phone number, email an address.
func (s *NoticeSettings) Validate() error {
	p := Problems{}
	if s.Phone != "" && !staffPhone(s.Phone) {
		p.Add("phone", "Write the phone number with digits only, e.g. 0712345678 or +254712345678.")
	}
	if s.SMS && s.Phone == "" {
		p.Add("phone", "Give a phone number to be told by SMS.")
	}
	if s.Email && s.Address == "" {
		p.Add("email", "Set your email address first to be told by email.")
	}
	return p.Err()
}

// staffPhone accepts digits with an optional leading +, spaces and dashes.
func staffPhone(s string) bool {
	s = strings.NewReplacer(" ", "", "-", "").Replace(s)
	s = strings.TrimPrefix(s, "+")
	return len(s) >= 9 && len(s) <= 15 && strings.Trim(s, "0123456789") == ""
}

// NoticeMessage is the email subject and body, or the SMS text (body), that
// tells a colleague there is a notification of a kind waiting in Haki, in
// their language. link is the address of the notifications page, or empty.
// It names no client, case or detail: only that something came.
func NoticeMessage(lang, kind, link string) (subject, body string) {
	what := map[string][2]string{
		NoticeReferral: {"a new referral", "rufaa mpya"},
		NoticeTask:     {"a task handed to you", "kazi uliyokabidhiwa"},
		NoticeHearing:  {"a hearing set", "kikao cha mahakama kilichopangwa"},
		NoticeMissed:   {"a missed session", "kikao kilichokosekana"},
	}[kind]
	if ReminderLanguage(lang) == "sw" {
		subject = "Haki: una taarifa mpya"
		body = "Una taarifa mpya katika Haki: " + what[1] + ". Ingia kwenye Haki kuisoma."
	} else {
		subject = "Haki: you have a new notification"
		body = "You have a new notification in Haki: " + what[0] + ". Sign in to Haki to read it."
	}
	if link != "" {
		body += " " + link
	}
	return subject, body
}
