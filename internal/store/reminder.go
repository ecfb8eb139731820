package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/haki-kenya/haki"
)

// Reminders. ScheduleReminders runs every minute or so in the
// server: it reads the calendar entries starting soon, queues in the outbox
// an email to each colleague taking part who has an address and an SMS to
// each client who may be texted, and withdraws the queued reminders that no
// longer match an entry (cancelled, moved, consent withdrawn). The outbox
// makes each reminder unique by its dedupe key and keeps it across restarts.

// PurposeReminder is the outbox purpose of reminders.
const PurposeReminder = "reminder"

// ReminderLookahead is how far ahead of its sending time a reminder is
// queued: the scheduler may run late or be stopped for a while.
const ReminderLookahead = 2 * time.Hour

// ReminderRun says what one scheduling run did.
type ReminderRun struct {
	Queued    int // new reminders in the outbox
	Cancelled int // queued reminders withdrawn
}

// ReminderOptions are the settings of the scheduler.
type ReminderOptions struct {
	Policy haki.ReminderPolicy
	// BaseURL, such as "https://haki.example.org", makes the link to the
	// event in a colleague's email; empty leaves the link out.
	BaseURL string
}

// reminderKey makes the dedupe key of a reminder: ids, a time and a lead,
// nothing personal.
func reminderKey(eventID string, start time.Time, who, id string, lead time.Duration) string {
	return fmt.Sprintf("reminder/%s/%s/%s/%s/%dm", eventID, start.UTC().Format("20060102T150405Z"), who, id, int(lead/time.Minute))
}

// ScheduleReminders queues the reminders now due within ReminderLookahead
// and withdraws those no longer wanted. Only the system (the server's
// worker) or an administrator runs it.
func (s *Store) ScheduleReminders(ctx context.Context, o ReminderOptions) (ReminderRun, error) {
	var run ReminderRun
	if err := require(haki.UserFromContext(ctx), haki.PermSettings); err != nil {
		return run, err
	}
	if o.Policy == (haki.ReminderPolicy{}) {
		o.Policy = haki.DefaultReminderPolicy
	}
	if err := o.Policy.Validate(); err != nil {
		return run, err
	}
	now := s.Now().UTC()
	to := now.Add(max(o.Policy.StaffLead, o.Policy.ClientLead) + ReminderLookahead)
	occs, err := s.reminderCalendar(haki.SystemContext(ctx), now, to)
	if err != nil {
		return run, err
	}
	err = s.write(ctx, func(tx *Tx) error {
		run = ReminderRun{}
		rs := &reminderScheduler{tx: tx, o: o, wanted: map[string]bool{}, users: map[string]*haki.User{}}
		for _, occ := range occs {
			if err := rs.occurrence(occ, &run); err != nil {
				return err
			}
		}
		n, err := rs.withdrawUnwanted()
		run.Cancelled = n
		return err
	})
	return run, err
}

// reminderScheduler is one run of ScheduleReminders within its transaction.
type reminderScheduler struct {
	tx     *Tx
	o      ReminderOptions
	wanted map[string]bool // the dedupe keys of the reminders still right
	users  map[string]*haki.User
}

// occurrence queues the reminders of one calendar entry.
func (rs *reminderScheduler) occurrence(occ *haki.Occurrence, run *ReminderRun) error {
	tx := rs.tx
	if occ.Busy || occ.Status == haki.EventCancelled || !occ.Start.After(tx.now) {
		return nil
	}
	refKind := "event"
	if occ.Kind == haki.KindHearing {
		refKind = "hearing"
	}
	users, clients := []string{}, []*haki.Participant{}
	for _, p := range occ.Participants {
		if p.Attendance == haki.AttendCancelled || p.Attendance == haki.AttendRescheduled {
			continue
		}
		if p.UserID != "" {
			users = append(users, p.UserID)
		} else if p.PersonID != "" {
			clients = append(clients, p)
		}
	}
	if occ.Kind == haki.KindHearing && occ.CaseID != "" {
		// A hearing is on the calendars of counsel and of the case's caseworker.
		var cw string
		if err := tx.queryRow(`SELECT COALESCE(caseworker_id, '') FROM cases WHERE id = ?`, occ.CaseID).Scan(&cw); err != nil && !isNoRows(err) {
			return err
		} else if cw != "" && !slices.Contains(users, cw) {
			users = append(users, cw)
		}
	}
	for _, id := range users {
		if err := rs.staff(occ, refKind, id, run); err != nil {
			return err
		}
	}
	for _, p := range clients {
		if err := rs.client(occ, refKind, p, run); err != nil {
			return err
		}
	}
	return nil
}

// staff queues the email to a colleague taking part.
func (rs *reminderScheduler) staff(occ *haki.Occurrence, refKind, userID string, run *ReminderRun) error {
	u, err := rs.user(userID)
	if err != nil || u == nil || u.Disabled || u.Email == "" {
		return err
	}
	lead := rs.o.Policy.StaffLead
	key := reminderKey(occ.EventID, occ.Start, "user", userID, lead)
	rs.wanted[key] = true
	sendAt := occ.Start.Add(-lead)
	if sendAt.After(rs.tx.now.Add(ReminderLookahead)) {
		return nil
	}
	r := haki.StaffReminder{Lang: u.Language, Kind: occ.Kind, Subtype: occ.Subtype, Start: occ.Start, End: occ.End,
		Location: occ.Location, CaseRef: occ.CaseRef, Link: rs.link(occ, refKind)}
	subject, body := r.Text()
	return rs.enqueue(&OutboxMessage{Channel: ChannelEmail, To: u.Email, Subject: subject, Body: body, Purpose: PurposeReminder,
		RefKind: refKind, RefID: occ.EventID, DedupeKey: key, NotBefore: sendAt, ExpiresAt: occ.Start}, run)
}

// link is the address of the entry's page in a colleague's email.
func (rs *reminderScheduler) link(occ *haki.Occurrence, refKind string) string {
	base := strings.TrimRight(rs.o.BaseURL, "/")
	switch {
	case base == "":
		return ""
	case refKind == "hearing" && occ.MatterID != "":
		return base + "/matters/" + occ.MatterID
	case refKind == "hearing":
		return base + "/cases/" + occ.CaseID
	}
	return base + "/calendar/events/" + occ.Key()
}

// client queues the SMS to a client taking part, only when they have
// given consent to care, the assessment in force of their case says
// texting is safe and they have a phone number.
func (rs *reminderScheduler) client(occ *haki.Occurrence, refKind string, p *haki.Participant, run *ReminderRun) error {
	tx := rs.tx
	caseID := p.CaseID
	if caseID == "" {
		caseID = occ.CaseID
	}
	if caseID == "" {
		return nil // no case, so no assessment: never texted
	}
	ok, lang, err := tx.mayText(p.PersonID, caseID)
	if err != nil || !ok {
		return err
	}
	lead := rs.o.Policy.ClientLead
	key := reminderKey(occ.EventID, occ.Start, "client", p.PersonID, lead)
	rs.wanted[key] = true
	sendAt := occ.Start.Add(-lead)
	if sendAt.After(tx.now.Add(ReminderLookahead)) {
		return nil
	}
	phone, err := tx.personPhone(p.PersonID)
	if err != nil || !plausiblePhone(phone) {
		delete(rs.wanted, key)
		return err
	}
	from := sendAt
	if from.Before(tx.now) {
		from = tx.now // queued late: the text speaks from today
	}
	text, expires := haki.ClientReminderText(lang, occ.Start, from)
	return rs.enqueue(&OutboxMessage{Channel: ChannelSMS, To: phone, Body: text, Purpose: PurposeReminder,
		RefKind: refKind, RefID: occ.EventID, DedupeKey: key, NotBefore: sendAt, ExpiresAt: expires}, run)
}

func (rs *reminderScheduler) enqueue(m *OutboxMessage, run *ReminderRun) error {
	queued, err := rs.tx.enqueue(m)
	if queued {
		run.Queued++
	}
	return err
}

func (rs *reminderScheduler) user(id string) (*haki.User, error) {
	if u, ok := rs.users[id]; ok {
		return u, nil
	}
	u, err := scanUser(rs.tx.queryRow(`SELECT `+userColumns+` FROM users WHERE id = ?`, id))
	if isNoRows(err) {
		u, err = nil, nil
	}
	rs.users[id] = u
	return u, err
}

// mayText reports whether the client of a case may be texted a reminder:
// their consent to care is given and the assessment in force of the case
// says texting is safe and does not rule contact out. It returns their
// language too: that of their latest consent record, English unless it was
// Kiswahili.
func (tx *Tx) mayText(personID, caseID string) (bool, string, error) {
	given, err := tx.consentGiven(personID, haki.ConsentCare)
	if err != nil || !given {
		return false, "", err
	}
	var closed bool
	if err := tx.queryRow(`SELECT status = 'closed' FROM cases WHERE id = ?`, caseID).Scan(&closed); isNoRows(err) || closed {
		return false, "", nil
	} else if err != nil {
		return false, "", err
	}
	a, err := tx.assessmentInForce(caseID)
	if haki.ErrorCode(err) == haki.ENOTFOUND {
		return false, "", nil
	} else if err != nil || a == nil || !a.SafeToText || a.ContactMethod == "no_contact" {
		return false, "", err
	}
	var lang string
	err = tx.queryRow(`SELECT language FROM consents WHERE person_id = ? ORDER BY decided_on DESC, recorded_at DESC, id DESC LIMIT 1`,
		personID).Scan(&lang)
	return true, haki.ReminderLanguage(lang), err
}

// personPhone opens a person's phone number ("" when erased or unknown).
func (tx *Tx) personPhone(personID string) (string, error) {
	p, err := tx.scanPerson(tx.queryRow(`SELECT `+personColumns+` FROM `+personFrom+` WHERE p.id = ?`, personID), true)
	if isNoRows(err) {
		return "", nil
	} else if err != nil {
		return "", err
	}
	return p.Phone, nil
}

// withdrawUnwanted cancels the queued reminders whose entry is gone,
// cancelled or moved, or whose recipient may no longer get them. Their
// dedupe key is freed, so an entry moved back gets a reminder again.
func (rs *reminderScheduler) withdrawUnwanted() (int, error) {
	tx := rs.tx
	rows, err := tx.query(`SELECT id, dedupe_key FROM outbox WHERE purpose = ? AND status = ?`, PurposeReminder, OutboxQueued)
	if err != nil {
		return 0, err
	}
	var ids []string
	for rows.Next() {
		var id, key string
		if err := rows.Scan(&id, &key); err != nil {
			rows.Close()
			return 0, err
		}
		if !rs.wanted[key] {
			ids = append(ids, id)
		}
	}
	if err := rows.Close(); err != nil {
		return 0, err
	}
	for _, id := range ids {
		if err := tx.shredOutbox(id); err != nil {
			return 0, err
		}
		if _, err := tx.exec(`UPDATE outbox SET status = ?, dedupe_key = ?, last_error = ? WHERE id = ?`,
			OutboxCancelled, "withdrawn/"+id, "the event changed or the reminder is no longer allowed", id); err != nil {
			return 0, err
		}
	}
	return len(ids), nil
}

// EventReminder is the delivery of one reminder of an event, as staff see
// it on the event: who it was for by kind, never the address or the text.
type EventReminder struct {
	ID            string    `json:"id"`
	Channel       string    `json:"channel"`
	Recipient     string    `json:"recipient"`         // "user" or "client"
	UserID        string    `json:"user_id,omitempty"` // the colleague, for "user"
	Start         time.Time `json:"start"`             // the occurrence reminded of
	Status        string    `json:"status"`
	NextAttemptAt time.Time `json:"next_attempt_at"`
	SentAt        time.Time `json:"sent_at"`
	LastError     string    `json:"last_error,omitempty"`
}

// FindEventReminders lists the reminders of an event (or a hearing) the
// caller may see, by occurrence, newest first.
func (s *Store) FindEventReminders(ctx context.Context, eventID string) ([]*EventReminder, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermCaseRead, "event"); err != nil {
		return nil, err
	}
	var out []*EventReminder
	err := s.read(ctx, func(tx *Tx) error {
		if _, _, err := tx.findEvent(eventID); haki.ErrorCode(err) == haki.ENOTFOUND {
			var caseID string
			if herr := tx.queryRow(`SELECT case_id FROM hearings WHERE id = ?`, eventID).Scan(&caseID); herr != nil {
				return err
			}
			if _, err := tx.findCase(caseID); err != nil {
				return haki.Errorf(haki.ENOTFOUND, "No such event.")
			}
		} else if err != nil {
			return err
		}
		rows, err := tx.query(`SELECT id, channel, dedupe_key, status, next_attempt_at, sent_at, last_error FROM outbox
			WHERE purpose = ? AND ref_kind IN ('event', 'hearing') AND ref_id = ? ORDER BY id DESC LIMIT 200`, PurposeReminder, eventID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r := &EventReminder{}
			var key, next, sent string
			if err := rows.Scan(&r.ID, &r.Channel, &key, &r.Status, &next, &sent, &r.LastError); err != nil {
				return err
			}
			r.NextAttemptAt, r.SentAt = parseTime(next), parseTime(sent)
			// reminder/<event>/<start>/<user|client>/<id>/<lead>; a withdrawn
			// one has lost its key and tells only its status.
			if parts := strings.Split(key, "/"); len(parts) == 6 {
				r.Start, _ = time.Parse("20060102T150405Z", parts[2])
				r.Recipient = parts[3]
				if r.Recipient == "user" {
					r.UserID = parts[4]
				}
			}
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, err
}
