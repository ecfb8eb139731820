package haki

import (
	"strings"
	"testing"
	"time"
)

func TestClientReminderText(t *testing.T) {
	start := time.Date(2026, 3, 12, 10, 0, 0, 0, Nairobi)
	tests := []struct {
		lang   string
		sendAt time.Time
		want   string
	}{
		{"en", start.Add(-24 * time.Hour), "Reminder: your appointment is tomorrow at 10:00."},
		{"sw", start.Add(-24 * time.Hour), "Kumbusho: miadi yako ni kesho saa 10:00."},
		{"en", start.Add(-2 * time.Hour), "Reminder: your appointment is today at 10:00."},
		{"sw", start.Add(-2 * time.Hour), "Kumbusho: miadi yako ni leo saa 10:00."},
		{"other", start.Add(-72 * time.Hour), "Reminder: your appointment is on 12 March at 10:00."},
		{"sw", start.Add(-72 * time.Hour), "Kumbusho: miadi yako ni tarehe 12 Machi saa 10:00."},
		// 01:30 in Nairobi is still the previous day in UTC: the day is Nairobi's.
		{"en", time.Date(2026, 3, 11, 23, 0, 0, 0, time.UTC), "Reminder: your appointment is today at 10:00."},
	}
	for _, tc := range tests {
		got, expires := ClientReminderText(tc.lang, start, tc.sendAt)
		if got != tc.want {
			t.Errorf("%s at %v: %q, want %q", tc.lang, tc.sendAt, got, tc.want)
		}
		if expires.After(start) || !expires.After(tc.sendAt) {
			t.Errorf("%s at %v: expires %v", tc.lang, tc.sendAt, expires)
		}
	}
	// "tomorrow" stops being true at midnight in Nairobi.
	_, expires := ClientReminderText("en", start, start.Add(-24*time.Hour))
	if want := time.Date(2026, 3, 12, 0, 0, 0, 0, Nairobi); !expires.Equal(want) {
		t.Errorf("expires %v, want %v", expires, want)
	}
}

func TestStaffReminderText(t *testing.T) {
	r := StaffReminder{Lang: "en", Kind: KindAppointment, Subtype: "counselling", Start: time.Date(2026, 3, 12, 7, 0, 0, 0, time.UTC),
		End: time.Date(2026, 3, 12, 8, 0, 0, 0, time.UTC), Location: "Room 2\nfirst floor", CaseRef: "CASE-2026-000123", Link: "https://haki.example/e/1"}
	subject, body := r.Text()
	if subject != "Reminder: Counselling appointment, Thursday 12 March 2026 10:00 · CASE-2026-000123" {
		t.Errorf("subject %q", subject)
	}
	for _, want := range []string{"When: Thursday 12 March 2026, 10:00–11:00 (Nairobi time)", "Where: Room 2 first floor", "Case: CASE-2026-000123", "Open: https://haki.example/e/1"} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q:\n%s", want, body)
		}
	}
	r.Lang = "sw"
	subject, body = r.Text()
	if !strings.HasPrefix(subject, "Kumbusho: Miadi ya ushauri nasaha, Alhamisi 12 Machi 2026 10:00") || !strings.Contains(body, "Lini: Alhamisi") {
		t.Errorf("sw: %q\n%s", subject, body)
	}
}

func TestReminderPolicyValidate(t *testing.T) {
	if err := DefaultReminderPolicy.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := (ReminderPolicy{StaffLead: time.Minute, ClientLead: 8 * 24 * time.Hour}).Validate(); len(ErrorFields(err)) != 2 {
		t.Fatalf("got %v", err)
	}
}

func TestCalendarLabel(t *testing.T) {
	for _, tc := range [][4]string{{"en", KindAppointment, "counselling", "Counselling appointment"}, {"sw", KindHearing, "", "Kesi mahakamani"},
		{"en", KindGroupSession, "", "Group session"}, {"en", KindAppointment, "odd", "Appointment"}} {
		if got := CalendarLabel(tc[0], tc[1], tc[2]); got != tc[3] {
			t.Errorf("%v: %q", tc, got)
		}
	}
}
