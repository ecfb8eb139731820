package recur

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	utc := func(s string) time.Time {
		t, err := time.Parse("2006-01-02 15:04:05", s)
		if err != nil {
			panic(err)
		}
		return t
	}
	tests := []struct {
		in   string
		want Rule
		out  string // String of the result
	}{
		{"FREQ=WEEKLY;COUNT=8", Rule{Freq: Weekly, Interval: 1, Count: 8}, "FREQ=WEEKLY;COUNT=8"},
		{"RRULE:freq=daily;interval=1", Rule{Freq: Daily, Interval: 1}, "FREQ=DAILY"},
		{"FREQ=MONTHLY;INTERVAL=3;UNTIL=20261231T205959Z", Rule{Freq: Monthly, Interval: 3, Until: utc("2026-12-31 20:59:59")},
			"FREQ=MONTHLY;INTERVAL=3;UNTIL=20261231T205959Z"},
		{"FREQ=DAILY;UNTIL=20261231", Rule{Freq: Daily, Interval: 1, Until: utc("2026-12-31 20:59:59")},
			"FREQ=DAILY;UNTIL=20261231T205959Z"},
		{"FREQ=DAILY;UNTIL=20261231T100000", Rule{Freq: Daily, Interval: 1, Until: utc("2026-12-31 07:00:00")},
			"FREQ=DAILY;UNTIL=20261231T070000Z"},
		{"BYDAY=TH,TU,TH;FREQ=WEEKLY;WKST=MO;INTERVAL=2",
			Rule{Freq: Weekly, Interval: 2, ByDay: []time.Weekday{time.Tuesday, time.Thursday}},
			"FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH"},
		{"FREQ=WEEKLY;BYDAY=SU,MO", Rule{Freq: Weekly, Interval: 1, ByDay: []time.Weekday{time.Monday, time.Sunday}},
			"FREQ=WEEKLY;BYDAY=MO,SU"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := Parse(tc.in)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Parse = %#v, want %#v", got, tc.want)
			}
			if s := got.String(); s != tc.out {
				t.Errorf("String = %q, want %q", s, tc.out)
			}
		})
	}
}

func TestParseRefuses(t *testing.T) {
	for _, in := range []string{
		"", "FREQ", "FREQ=", "COUNT=3", "FREQ=YEARLY", "FREQ=HOURLY", "FREQ=DAILY;FREQ=DAILY",
		"FREQ=DAILY;INTERVAL=0", "FREQ=DAILY;INTERVAL=100", "FREQ=DAILY;INTERVAL=-1", "FREQ=DAILY;INTERVAL=+2",
		"FREQ=DAILY;COUNT=501", "FREQ=DAILY;COUNT=99999999999999999999", "FREQ=DAILY;COUNT=2;UNTIL=20260101T000000Z",
		"FREQ=DAILY;BYDAY=MO", "FREQ=WEEKLY;BYDAY=1MO", "FREQ=WEEKLY;BYDAY=", "FREQ=WEEKLY;BYDAY=MO,,TU",
		"FREQ=WEEKLY;WKST=SU", "FREQ=MONTHLY;BYMONTHDAY=1", "FREQ=MONTHLY;BYSETPOS=-1",
		"FREQ=DAILY;UNTIL=2026", "FREQ=DAILY;UNTIL=20260231T000000Z", "FREQ=DAILY;UNTIL=20260101T240000Z",
		"FREQ=DAILY;UNTIL=20260101T1:0000Z", "FREQ=DAILY;UNTIL=20260101X000000Z", "FREQ=DAILY;UNTIL=18000101",
		"FREQ=DAILY;", "FREQ=DAILY;;COUNT=2",
	} {
		if r, err := Parse(in); err == nil {
			t.Errorf("Parse(%q) = %v, want an error", in, r)
		}
	}
}

func TestStringOfUnsortedDays(t *testing.T) {
	r := Rule{Freq: Weekly, Interval: 1, ByDay: []time.Weekday{time.Sunday, time.Friday, time.Monday}}
	if got, want := r.String(), "FREQ=WEEKLY;BYDAY=MO,FR,SU"; got != want {
		t.Errorf("String = %q, want %q", got, want)
	}
	if r.ByDay[0] != time.Sunday {
		t.Error("String reordered the rule's days")
	}
}

// FuzzParse checks that Parse never panics and that every rule it accepts
// survives String and Parse unchanged.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"FREQ=WEEKLY;COUNT=8", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH", "FREQ=MONTHLY;UNTIL=20261231T205959Z",
		"FREQ=DAILY;UNTIL=20261231", "FREQ=DAILY;UNTIL=20261231T100000", "rrule:freq=weekly;wkst=mo;byday=su,mo",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := Parse(s)
		if err != nil {
			return
		}
		out := r.String()
		if strings.ContainsAny(out, "?(") {
			t.Fatalf("String of parsed %q = %q", s, out)
		}
		again, err := Parse(out)
		if err != nil {
			t.Fatalf("Parse(String(Parse(%q))) = %v; String was %q", s, err, out)
		}
		if !reflect.DeepEqual(again, r) {
			t.Fatalf("round trip of %q: %#v, want %#v", s, again, r)
		}
		if again.String() != out {
			t.Fatalf("String not stable: %q then %q", out, again.String())
		}
	})
}
