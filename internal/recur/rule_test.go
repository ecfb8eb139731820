package recur

import (
	"errors"
	"testing"
	"time"
)

// mustTime reads a Nairobi wall-clock time like "2026-03-03 10:00".
func mustTime(tb testing.TB, s string) time.Time {
	tb.Helper()
	t, err := time.ParseInLocation("2006-01-02 15:04", s, Location())
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

func TestValidate(t *testing.T) {
	start := mustTime(t, "2026-03-03 10:00") // a Tuesday
	tests := []struct {
		name  string
		rule  Rule
		field string // "" when valid
	}{
		{"weekly eight times", Rule{Freq: Weekly, Interval: 1, Count: 8}, ""},
		{"daily forever", Rule{Freq: Daily, Interval: 1}, ""},
		{"monthly until", Rule{Freq: Monthly, Interval: 2, Until: start.AddDate(1, 0, 0)}, ""},
		{"weekly tue thu", Rule{Freq: Weekly, Interval: 1, ByDay: []time.Weekday{time.Thursday, time.Tuesday}}, ""},
		{"limits", Rule{Freq: Daily, Interval: MaxInterval, Count: MaxCount}, ""},
		{"no freq", Rule{Interval: 1}, "freq"},
		{"yearly", Rule{Freq: Freq(9), Interval: 1}, "freq"},
		{"interval zero", Rule{Freq: Daily}, "interval"},
		{"interval too big", Rule{Freq: Weekly, Interval: 100}, "interval"},
		{"count negative", Rule{Freq: Daily, Interval: 1, Count: -1}, "count"},
		{"count too big", Rule{Freq: Daily, Interval: 1, Count: 501}, "count"},
		{"count and until", Rule{Freq: Daily, Interval: 1, Count: 3, Until: start.AddDate(0, 1, 0)}, "count"},
		{"until at start", Rule{Freq: Daily, Interval: 1, Until: start}, "until"},
		{"until before start", Rule{Freq: Daily, Interval: 1, Until: start.Add(-time.Hour)}, "until"},
		{"until year 10000", Rule{Freq: Daily, Interval: 1, Until: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}, "until"},
		{"byday with daily", Rule{Freq: Daily, Interval: 1, ByDay: []time.Weekday{time.Tuesday}}, "by_day"},
		{"byday twice", Rule{Freq: Weekly, Interval: 1, ByDay: []time.Weekday{time.Tuesday, time.Tuesday}}, "by_day"},
		{"byday unknown", Rule{Freq: Weekly, Interval: 1, ByDay: []time.Weekday{time.Tuesday, 7}}, "by_day"},
		{"start not on a chosen day", Rule{Freq: Weekly, Interval: 1, ByDay: []time.Weekday{time.Monday}}, "by_day"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.rule.Validate(start)
			if tc.field == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Validate = %v, want *Error on %s", err, tc.field)
			}
			if e.Field != tc.field || e.Message == "" {
				t.Errorf("Validate = %+v, want field %s", e, tc.field)
			}
		})
	}
}

func TestValidateMessages(t *testing.T) {
	err := Rule{Freq: Monthly, Interval: 0}.Validate(time.Now())
	if got, want := err.Error(), "It can repeat every 1 to 99 months."; got != want {
		t.Errorf("message = %q, want %q", got, want)
	}
}
