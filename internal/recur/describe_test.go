package recur

import (
	"testing"
	"time"
)

func TestDescribe(t *testing.T) {
	tue := mustTime(t, "2026-03-03 10:00")
	jan31 := mustTime(t, "2026-01-31 09:00")
	until := mustTime(t, "2026-06-30 23:59")
	tests := []struct {
		name   string
		start  time.Time
		rule   Rule
		en, sw string
	}{
		{"weekly 8", tue, Rule{Freq: Weekly, Interval: 1, Count: 8},
			"Weekly on Tuesday, 8 times", "Kila wiki siku ya Jumanne, mara 8"},
		{"fortnightly two days", tue, Rule{Freq: Weekly, Interval: 2, ByDay: []time.Weekday{time.Thursday, time.Tuesday}},
			"Every 2 weeks on Tuesday and Thursday", "Kila baada ya wiki 2 siku za Jumanne na Alhamisi"},
		{"three days until", tue, Rule{Freq: Weekly, Interval: 1, ByDay: []time.Weekday{time.Sunday, time.Monday, time.Tuesday}, Until: until},
			"Weekly on Monday, Tuesday and Sunday, until 30 June 2026", "Kila wiki siku za Jumatatu, Jumanne na Jumapili, hadi tarehe 30 Juni 2026"},
		{"daily once", tue, Rule{Freq: Daily, Interval: 1, Count: 1},
			"Daily, once", "Kila siku, mara moja"},
		{"every 3 days", tue, Rule{Freq: Daily, Interval: 3},
			"Every 3 days", "Kila baada ya siku 3"},
		{"monthly 31st", jan31, Rule{Freq: Monthly, Interval: 1, Count: 6},
			"Monthly on the 31st (skipping months without that day), 6 times",
			"Kila mwezi tarehe 31 (miezi isiyo na tarehe hiyo inarukwa), mara 6"},
		{"every 2 months on the 3rd", tue, Rule{Freq: Monthly, Interval: 2, Until: until},
			"Every 2 months on the 3rd, until 30 June 2026", "Kila baada ya miezi 2 tarehe 3, hadi tarehe 30 Juni 2026"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.rule.Describe(tc.start, "en"); got != tc.en {
				t.Errorf("en = %q, want %q", got, tc.en)
			}
			if got := tc.rule.Describe(tc.start, "sw"); got != tc.sw {
				t.Errorf("sw = %q, want %q", got, tc.sw)
			}
		})
	}
}

func TestOrdinal(t *testing.T) {
	for n, want := range map[int]string{1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 11: "11th", 12: "12th", 13: "13th", 21: "21st", 22: "22nd", 23: "23rd", 31: "31st"} {
		if got := ordinal(n); got != want {
			t.Errorf("ordinal(%d) = %q, want %q", n, got, want)
		}
	}
}
