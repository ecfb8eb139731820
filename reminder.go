package haki

import (
	"fmt"
	"strings"
	"time"
)

// Reminders: colleagues are reminded of their events by email,
// clients of their appointments by SMS, only where consent to care is
// given and the assessment in force says texting is safe. A client's text
// says nothing but that an appointment is coming and when: no place, no
// organisation, no case.

// ReminderPolicy says how long before an event its reminders go out.
type ReminderPolicy struct {
	StaffLead  time.Duration // email to colleagues taking part
	ClientLead time.Duration // SMS to clients taking part
}

// DefaultReminderPolicy reminds everyone a day before.
var DefaultReminderPolicy = ReminderPolicy{StaffLead: 24 * time.Hour, ClientLead: 24 * time.Hour}

// Validate checks the lead times: from 15 minutes to 7 days.
func (p ReminderPolicy) Validate() error {
	pr := Problems{}
	for field, d := range map[string]time.Duration{"staff_lead": p.StaffLead, "client_lead": p.ClientLead} {
		if d < 15*time.Minute || d > 7*24*time.Hour {
			pr.Add(field, "Choose a time between 15 minutes and 7 days before the event.")
		}
	}
	return pr.Err()
}

// ReminderLanguage returns "sw" for Kiswahili and "en" for anything else.
func ReminderLanguage(lang string) string {
	if lang == "sw" {
		return "sw"
	}
	return "en"
}

var swMonths = [...]string{"Januari", "Februari", "Machi", "Aprili", "Mei", "Juni", "Julai", "Agosti", "Septemba", "Oktoba", "Novemba", "Desemba"}
var swDays = [...]string{"Jumapili", "Jumatatu", "Jumanne", "Jumatano", "Alhamisi", "Ijumaa", "Jumamosi"}

// dayWords says when start falls, seen from the day of sendAt, in Nairobi:
// "today", "tomorrow", or "on 12 March".
func dayWords(lang string, start, sendAt time.Time) string {
	s, n := start.In(Nairobi), sendAt.In(Nairobi)
	days := daysApart(n, s)
	switch {
	case lang == "sw" && days == 0:
		return "leo"
	case lang == "sw" && days == 1:
		return "kesho"
	case lang == "sw":
		return fmt.Sprintf("tarehe %d %s", s.Day(), swMonths[s.Month()-1])
	case days == 0:
		return "today"
	case days == 1:
		return "tomorrow"
	}
	return "on " + s.Format("2 January")
}

// daysApart counts calendar days from a's day to b's (both in one zone).
func daysApart(a, b time.Time) int {
	da := time.Date(a.Year(), a.Month(), a.Day(), 0, 0, 0, 0, time.UTC)
	db := time.Date(b.Year(), b.Month(), b.Day(), 0, 0, 0, 0, time.UTC)
	return int(db.Sub(da).Hours() / 24)
}

// endOfDay is the next midnight in Nairobi after t.
func endOfDay(t time.Time) time.Time {
	n := t.In(Nairobi)
	return time.Date(n.Year(), n.Month(), n.Day()+1, 0, 0, 0, 0, Nairobi).UTC()
}

// ClientReminderText is the SMS to a client of an appointment starting at
// start, sent on the day of sendAt, in the client's language: "Reminder:
// your appointment is tomorrow at 10:00." It returns too when the text
// stops being true (the end of the day it speaks from, or the start), after
// which it must not go out.
func ClientReminderText(lang string, start, sendAt time.Time) (string, time.Time) {
	lang = ReminderLanguage(lang)
	at := start.In(Nairobi).Format("15:04")
	when := dayWords(lang, start, sendAt)
	expires := endOfDay(sendAt)
	if start.Before(expires) {
		expires = start.UTC()
	}
	if lang == "sw" {
		return "Kumbusho: miadi yako ni " + when + " saa " + at + ".", expires
	}
	return "Reminder: your appointment is " + when + " at " + at + ".", expires
}

// kindLabels names calendar entries by kind, or appointment type, in
// English and Kiswahili: the summary of a feed entry and of a reminder.
var kindLabels = map[string][2]string{
	"counselling":         {"Counselling appointment", "Miadi ya ushauri nasaha"},
	"medical_review":      {"Medical review", "Uchunguzi wa kimatibabu"},
	"statement_recording": {"Statement recording", "Kuandikisha taarifa"},
	"legal_consultation":  {"Legal consultation", "Mashauriano ya kisheria"},
	KindAppointment:       {"Appointment", "Miadi"},
	KindGroupSession:      {"Group session", "Kikao cha kikundi"},
	KindHearing:           {"Court hearing", "Kesi mahakamani"},
	KindMeeting:           {"Meeting", "Mkutano"},
	KindTraining:          {"Training", "Mafunzo"},
	KindFieldVisit:        {"Field visit", "Ziara ya nyanjani"},
	"busy":                {"Busy", "Nina shughuli"},
}

// CalendarLabel names an entry of a kind (and, for an appointment, its
// type) in the language: "Counselling appointment", "Court hearing".
func CalendarLabel(lang, kind, subtype string) string {
	i := 0
	if ReminderLanguage(lang) == "sw" {
		i = 1
	}
	if kind == KindAppointment {
		if l, ok := kindLabels[subtype]; ok {
			return l[i]
		}
	}
	if l, ok := kindLabels[kind]; ok {
		return l[i]
	}
	return kind
}

// StaffReminder is an email reminding a colleague of an entry of their
// calendar. It carries the kind, the time, the place, the case reference
// and a link, never a client's name.
type StaffReminder struct {
	Lang          string
	Kind, Subtype string
	Start, End    time.Time
	Location      string
	CaseRef       string
	Link          string // to the event's page; empty when no base URL is set
}

// Text returns the subject and body of the email.
func (r StaffReminder) Text() (subject, body string) {
	lang := ReminderLanguage(r.Lang)
	label := CalendarLabel(lang, r.Kind, r.Subtype)
	s, e := r.Start.In(Nairobi), r.End.In(Nairobi)
	var day string
	words := map[string]string{"when": "When", "where": "Where", "case": "Case", "open": "Open", "tz": "Nairobi time",
		"subject": "Reminder", "why": "You receive this because this is on your Haki calendar. To stop these emails, remove your email address on your account page."}
	if lang == "sw" {
		day = fmt.Sprintf("%s %d %s %d", swDays[s.Weekday()], s.Day(), swMonths[s.Month()-1], s.Year())
		words = map[string]string{"when": "Lini", "where": "Wapi", "case": "Kesi", "open": "Fungua", "tz": "saa za Nairobi",
			"subject": "Kumbusho", "why": "Umepokea ujumbe huu kwa sababu tukio hili liko kwenye kalenda yako ya Haki. Kuacha kupokea barua pepe hizi, ondoa anwani yako ya barua pepe kwenye ukurasa wa akaunti yako."}
	} else {
		day = s.Format("Monday 2 January 2006")
	}
	subject = fmt.Sprintf("%s: %s, %s %s", words["subject"], label, day, s.Format("15:04"))
	if r.CaseRef != "" {
		subject += " · " + r.CaseRef
	}
	var b strings.Builder
	b.WriteString(label + "\n\n")
	fmt.Fprintf(&b, "%s: %s, %s–%s (%s)\n", words["when"], day, s.Format("15:04"), e.Format("15:04"), words["tz"])
	if r.Location != "" {
		fmt.Fprintf(&b, "%s: %s\n", words["where"], oneLine(r.Location))
	}
	if r.CaseRef != "" {
		fmt.Fprintf(&b, "%s: %s\n", words["case"], r.CaseRef)
	}
	if r.Link != "" {
		fmt.Fprintf(&b, "%s: %s\n", words["open"], r.Link)
	}
	b.WriteString("\n" + words["why"] + "\n")
	return subject, b.String()
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
