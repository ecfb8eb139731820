package recur

import (
	"slices"
	"testing"
	"time"
)

// wall formats instants as Nairobi wall-clock times for readable failures.
func wall(ts []time.Time) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.In(Location()).Format("2006-01-02 15:04")
	}
	return out
}

func TestExpand(t *testing.T) {
	far := mustTime(t, "2100-01-01 00:00")
	tests := []struct {
		name     string
		start    string
		dur      time.Duration
		rule     Rule
		exdates  []string
		from, to string
		want     []string
	}{
		{
			name: "weekly 8 with one removed", start: "2026-03-03 10:00", dur: 90 * time.Minute,
			rule: Rule{Freq: Weekly, Interval: 1, Count: 8}, exdates: []string{"2026-03-17 10:00"},
			from: "2026-01-01 00:00",
			want: []string{"2026-03-03 10:00", "2026-03-10 10:00", "2026-03-24 10:00", "2026-03-31 10:00",
				"2026-04-07 10:00", "2026-04-14 10:00", "2026-04-21 10:00"},
		},
		{
			name: "monthly on the 31st skips short months", start: "2026-01-31 09:00",
			rule: Rule{Freq: Monthly, Interval: 1, Count: 5}, from: "2026-01-01 00:00",
			want: []string{"2026-01-31 09:00", "2026-03-31 09:00", "2026-05-31 09:00", "2026-07-31 09:00", "2026-08-31 09:00"},
		},
		{
			name: "monthly on 29 February every 12 months", start: "2024-02-29 08:00",
			rule: Rule{Freq: Monthly, Interval: 12, Count: 3}, from: "2024-01-01 00:00",
			want: []string{"2024-02-29 08:00", "2028-02-29 08:00", "2032-02-29 08:00"},
		},
		{
			name: "fortnightly tue and thu until, weeks from Monday", start: "2026-03-05 14:00",
			rule: Rule{Freq: Weekly, Interval: 2, ByDay: []time.Weekday{time.Tuesday, time.Thursday}, Until: mustTime(t, "2026-04-02 14:00")},
			from: "2026-01-01 00:00",
			want: []string{"2026-03-05 14:00", "2026-03-17 14:00", "2026-03-19 14:00", "2026-03-31 14:00", "2026-04-02 14:00"},
		},
		{
			name: "daily every 3 days, window in the middle", start: "2026-12-30 07:30",
			rule: Rule{Freq: Daily, Interval: 3}, from: "2027-01-05 00:00", to: "2027-01-12 00:00",
			want: []string{"2027-01-05 07:30", "2027-01-08 07:30", "2027-01-11 07:30"},
		},
		{
			name: "an occurrence running into the window counts", start: "2026-03-02 23:00", dur: 2 * time.Hour,
			rule: Rule{Freq: Daily, Interval: 1}, from: "2026-03-05 00:00", to: "2026-03-06 00:00",
			want: []string{"2026-03-04 23:00", "2026-03-05 23:00"},
		},
		{
			name: "one ending at from does not", start: "2026-03-02 22:00", dur: 2 * time.Hour,
			rule: Rule{Freq: Daily, Interval: 1}, from: "2026-03-05 00:00", to: "2026-03-05 22:00",
			want: nil,
		},
		{
			name: "zero length at from counts, at to does not", start: "2026-03-02 00:00",
			rule: Rule{Freq: Daily, Interval: 1}, from: "2026-03-05 00:00", to: "2026-03-07 00:00",
			want: []string{"2026-03-05 00:00", "2026-03-06 00:00"},
		},
		{
			name: "count counts before the window", start: "2026-03-03 10:00",
			rule: Rule{Freq: Weekly, Interval: 1, Count: 3}, from: "2026-03-12 00:00",
			want: []string{"2026-03-17 10:00"},
		},
		{
			name: "window far ahead of an endless series", start: "2026-03-03 10:00",
			rule: Rule{Freq: Weekly, Interval: 1, ByDay: []time.Weekday{time.Tuesday, time.Saturday}},
			from: "2090-06-01 00:00", to: "2090-06-12 00:00",
			want: []string{"2090-06-03 10:00", "2090-06-06 10:00", "2090-06-10 10:00"},
		},
		{
			name: "late evening in Nairobi is the previous day in UTC", start: "2026-03-01 01:00",
			rule: Rule{Freq: Monthly, Interval: 1}, from: "2026-05-01 00:00", to: "2026-05-01 02:00",
			want: []string{"2026-05-01 01:00"},
		},
		{
			name: "empty window", start: "2026-03-01 01:00",
			rule: Rule{Freq: Daily, Interval: 1}, from: "2026-05-01 00:00", to: "2026-05-01 00:00",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var ex []time.Time
			for _, s := range tc.exdates {
				ex = append(ex, mustTime(t, s).UTC())
			}
			to := far
			if tc.to != "" {
				to = mustTime(t, tc.to)
			}
			got := Expand(mustTime(t, tc.start), tc.dur, tc.rule, ex, mustTime(t, tc.from), to)
			if g, w := wall(got), tc.want; !slices.Equal(g, w) {
				t.Errorf("Expand =\n%v\nwant\n%v", g, w)
			}
			for _, o := range got {
				if o.Location() != time.UTC {
					t.Fatalf("%v not in UTC", o)
				}
			}
		})
	}
}

func TestExpandStopsOnAnyInput(t *testing.T) {
	start := mustTime(t, "2026-01-01 10:00")
	end := time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	if got := Expand(start, 0, Rule{Freq: Daily, Interval: 1}, nil, start, end); len(got) != MaxOccurrences {
		t.Errorf("endless daily: %d occurrences, want the cap %d", len(got), MaxOccurrences)
	}
	if got := Expand(start, 0, Rule{Freq: Daily, Count: 1 << 40}, nil, start, end); len(got) != MaxCount {
		t.Errorf("huge count: %d occurrences, want %d", len(got), MaxCount)
	}
	late := time.Date(9990, 1, 1, 0, 0, 0, 0, time.UTC)
	if got := Expand(start, 0, Rule{Freq: Monthly, Interval: 1}, nil, late, end); len(got) != 108 {
		t.Errorf("monthly near year 9999: %d occurrences, want 108", len(got))
	}
	if got := Expand(start, 0, Rule{Freq: Freq(42), Interval: -3, Count: -1}, nil, late, late.AddDate(0, 0, 2)); len(got) != 2 {
		t.Errorf("nonsense rule: %d occurrences, want 2", len(got))
	}
}

func BenchmarkExpandMonthWindow(b *testing.B) {
	start := mustTime(b, "2026-01-05 09:00")
	r := Rule{Freq: Weekly, Interval: 1, ByDay: []time.Weekday{time.Monday, time.Wednesday, time.Friday}}
	from, to := mustTime(b, "2031-03-01 00:00"), mustTime(b, "2031-04-01 00:00")
	for b.Loop() {
		Expand(start, time.Hour, r, nil, from, to)
	}
}
