package recur

import (
	"fmt"
	"strings"
	"time"
)

// words holds one language's vocabulary for Describe.
type words struct {
	days      [7]string // by time.Weekday
	months    [12]string
	and       string
	daily     string
	everyDays string // %d
	weekly    string
	everyWeek string // %d
	onDay     string // %s: one day
	onDays    string // %s: several days
	monthly   string
	everyMon  string // %d
	onDate    func(day int) string
	skipShort string
	times     func(n int) string
	until     string // %s: a date
}

var english = words{
	days:      [7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
	months:    [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	and:       "and",
	daily:     "Daily",
	everyDays: "Every %d days",
	weekly:    "Weekly",
	everyWeek: "Every %d weeks",
	onDay:     " on %s",
	onDays:    " on %s",
	monthly:   "Monthly",
	everyMon:  "Every %d months",
	onDate:    func(d int) string { return " on the " + ordinal(d) },
	skipShort: " (skipping months without that day)",
	times: func(n int) string {
		if n == 1 {
			return ", once"
		}
		return fmt.Sprintf(", %d times", n)
	},
	until: ", until %s",
}

var kiswahili = words{
	days:      [7]string{"Jumapili", "Jumatatu", "Jumanne", "Jumatano", "Alhamisi", "Ijumaa", "Jumamosi"},
	months:    [12]string{"Januari", "Februari", "Machi", "Aprili", "Mei", "Juni", "Julai", "Agosti", "Septemba", "Oktoba", "Novemba", "Desemba"},
	and:       "na",
	daily:     "Kila siku",
	everyDays: "Kila baada ya siku %d",
	weekly:    "Kila wiki",
	everyWeek: "Kila baada ya wiki %d",
	onDay:     " siku ya %s",
	onDays:    " siku za %s",
	monthly:   "Kila mwezi",
	everyMon:  "Kila baada ya miezi %d",
	onDate:    func(d int) string { return fmt.Sprintf(" tarehe %d", d) },
	skipShort: " (miezi isiyo na tarehe hiyo inarukwa)",
	times: func(n int) string {
		if n == 1 {
			return ", mara moja"
		}
		return fmt.Sprintf(", mara %d", n)
	},
	until: ", hadi tarehe %s",
}

// Describe says in a sentence how a series starting at start repeats, in
// English ("Weekly on Tuesday, 8 times") or, for lang "sw", Kiswahili
// ("Kila wiki siku ya Jumanne, mara 8"). Other languages get English.
func (r Rule) Describe(start time.Time, lang string) string {
	w := english
	if strings.HasPrefix(strings.ToLower(lang), "sw") {
		w = kiswahili
	}
	start = start.In(nairobi)
	var b strings.Builder
	switch r.Freq {
	case Daily:
		b.WriteString(every(r.Interval, w.daily, w.everyDays))
	case Weekly:
		b.WriteString(every(r.Interval, w.weekly, w.everyWeek))
		days := r.ByDay
		if len(days) == 0 {
			days = []time.Weekday{start.Weekday()}
		}
		if len(days) == 1 {
			fmt.Fprintf(&b, w.onDay, w.dayName(days[0]))
		} else {
			names := make([]string, len(days))
			for i, d := range sortDays(days) {
				names[i] = w.dayName(d)
			}
			fmt.Fprintf(&b, w.onDays, w.list(names))
		}
	case Monthly:
		b.WriteString(every(r.Interval, w.monthly, w.everyMon))
		b.WriteString(w.onDate(start.Day()))
		if start.Day() > 28 {
			b.WriteString(w.skipShort)
		}
	default:
		return "?"
	}
	if r.Count > 0 {
		b.WriteString(w.times(r.Count))
	}
	if !r.Until.IsZero() {
		u := r.Until.In(nairobi)
		fmt.Fprintf(&b, w.until, fmt.Sprintf("%d %s %d", u.Day(), w.months[u.Month()-1], u.Year()))
	}
	return b.String()
}

func every(n int, once, many string) string {
	if n <= 1 {
		return once
	}
	return fmt.Sprintf(many, n)
}

func (w words) dayName(d time.Weekday) string {
	if d < time.Sunday || d > time.Saturday {
		return "?"
	}
	return w.days[d]
}

// list joins names as "A, B and C".
func (w words) list(names []string) string {
	last := len(names) - 1
	return strings.Join(names[:last], ", ") + " " + w.and + " " + names[last]
}

func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return fmt.Sprintf("%d%s", n, suffix)
}
