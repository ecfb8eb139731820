package importer

import (
	"strconv"
	"strings"
	"time"

	"github.com/haki-kenya/haki"
)

// months names the months in English (full and short) and Kiswahili.
var months = map[string]int{
	"jan": 1, "january": 1, "januari": 1, "feb": 2, "february": 2, "februari": 2, "mar": 3, "march": 3, "machi": 3,
	"apr": 4, "april": 4, "aprili": 4, "may": 5, "mei": 5, "jun": 6, "june": 6, "juni": 6, "jul": 7, "july": 7,
	"julai": 7, "aug": 8, "august": 8, "agosti": 8, "sep": 9, "sept": 9, "september": 9, "septemba": 9,
	"oct": 10, "october": 10, "oktoba": 10, "nov": 11, "november": 11, "novemba": 11, "dec": 12,
	"december": 12, "desemba": 12,
}

// approxWords mark a date or an age as approximate.
var approxWords = []string{"~", "c.", "ca.", "circa", "about", "approx.", "approximately", "approx", "around",
	"karibu", "estimated", "est.", "est"}

// cutApprox removes a leading word that marks s approximate.
func cutApprox(s string) (string, bool) {
	for _, w := range approxWords {
		if rest, ok := cutFold(s, w); ok && (w == "~" || strings.HasSuffix(w, ".") || rest == "" || rest[0] == ' ') {
			return strings.TrimSpace(rest), true
		}
	}
	return s, false
}

// periodWords narrow a date to part of its period: "late 2007" is kept as
// about 2007.
var periodWords = []string{"early", "mid-", "mid", "late", "end of", "beginning of", "start of", "mwanzo wa", "mwisho wa"}

func cutPeriodWord(s string) (string, bool) {
	for _, w := range periodWords {
		if rest, ok := cutFold(s, w); ok && (strings.HasSuffix(w, "-") || rest != "" && rest[0] == ' ') {
			return strings.TrimSpace(rest), true
		}
	}
	return s, false
}

// cutFold is strings.CutPrefix ignoring the case of an ASCII prefix.
func cutFold(s, prefix string) (string, bool) {
	if len(s) < len(prefix) || !strings.EqualFold(s[:len(prefix)], prefix) {
		return s, false
	}
	return s[len(prefix):], true
}

// errNoYear is ParseDate's answer for a date without a year ("1-Jan").
var errNoYear = haki.Errorf(haki.EINVALID, "The date has no year.")

// ParseDate reads a date as spreadsheets write it, keeping its precision:
// 2016-01-31, 31/01/2016 (01/31/2016 when monthFirst), 31-Jan-2016,
// 31 January 2016, January 31, 2016, Jan 2016, 2016-01, 01/2016, 2016,
// a day-month and a year joined ("1-Jan 2016"), with or without a time
// after it, each optionally approximate ("about 2016", "c. March 2015").
// Two-digit years are 19xx from 70, else 20xx. An empty string gives the
// zero date.
func ParseDate(s string, monthFirst bool) (haki.FuzzyDate, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return haki.FuzzyDate{}, nil
	}
	rest, approx := cutApprox(s)
	if r, ok := cutPeriodWord(rest); ok {
		rest, approx = r, true
	}
	if i := strings.IndexByte(rest, 'T'); i == 10 {
		rest = rest[:i]
	} else if i := strings.Index(rest, ":"); i > 0 {
		if j := strings.LastIndexByte(rest[:i], ' '); j > 0 {
			rest = rest[:j]
		}
	}
	toks := strings.FieldsFunc(strings.ToLower(rest), func(r rune) bool {
		return r == ' ' || r == '-' || r == '/' || r == '.' || r == ','
	})
	d, ok := dateFromTokens(toks, monthFirst)
	if !ok && !hasYear(toks) {
		return haki.FuzzyDate{}, errNoYear
	}
	if !ok {
		return haki.FuzzyDate{}, haki.Errorf(haki.EINVALID, "This is not a date the importer reads (e.g. 2016-01-31, 31/01/2016, 31 Jan 2016, Jan 2016, 2016).")
	}
	if d.y < haki.MinYear || d.y > haki.MaxYear {
		return haki.FuzzyDate{}, haki.Errorf(haki.EINVALID, "The year must be between %d and %d.", haki.MinYear, haki.MaxYear)
	}
	if d.m < 1 || d.m > 12 {
		return haki.FuzzyDate{}, haki.Errorf(haki.EINVALID, "The month must be between 1 and 12.")
	}
	day := max(d.d, 1)
	t := time.Date(d.y, time.Month(d.m), day, 0, 0, 0, 0, time.UTC)
	if t.Day() != day {
		return haki.FuzzyDate{}, haki.Errorf(haki.EINVALID, "There is no day %d in that month.", day)
	}
	return haki.FuzzyDate{Date: t, Precision: d.p, Approx: approx}, nil
}

type ymd struct {
	y, m, d int
	p       haki.Precision
}

// dateFromTokens reads the year, month and day from a date's words.
func dateFromTokens(toks []string, monthFirst bool) (ymd, bool) {
	if len(toks) == 0 || len(toks) > 3 {
		return ymd{}, false
	}
	var nums []string
	month := 0
	for _, t := range toks {
		if m, ok := months[t]; ok && month == 0 {
			month = m
			continue
		}
		if len(t) > 2 && !digits(t) { // 1st, 2nd, 3rd, 4th
			t = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(t, "st"), "nd"), "rd"), "th")
		}
		if !digits(t) {
			return ymd{}, false
		}
		nums = append(nums, t)
	}
	short := func(s string) bool { return len(s) <= 2 }
	if month > 0 {
		switch len(nums) {
		case 1: // Jan 2016; never "15-Aug" as August 2015
			y, ok := year(nums[0])
			return ymd{y, month, 1, haki.PrecisionMonth}, ok && len(nums[0]) == 4
		case 2: // 31 Jan 2016, Jan 31 2016, 2016 Jan 31
			a, b := nums[0], nums[1]
			if len(a) == 4 {
				a, b = b, a
			}
			y, ok := year(b)
			d, _ := strconv.Atoi(a)
			return ymd{y, month, d, haki.PrecisionDay}, ok && short(a) && d >= 1
		}
		return ymd{}, false
	}
	switch len(nums) {
	case 1: // 2016
		y, _ := strconv.Atoi(nums[0])
		return ymd{y, 1, 1, haki.PrecisionYear}, len(nums[0]) == 4
	case 2: // 2016-01, 01/2016
		a, b := nums[0], nums[1]
		if len(a) == 4 {
			a, b = b, a
		}
		m, _ := strconv.Atoi(a)
		y, _ := strconv.Atoi(b)
		return ymd{y, m, 1, haki.PrecisionMonth}, len(b) == 4 && short(a)
	case 3:
		if len(nums[0]) == 4 { // 2016-01-31
			y, _ := strconv.Atoi(nums[0])
			m, _ := strconv.Atoi(nums[1])
			d, _ := strconv.Atoi(nums[2])
			return ymd{y, m, d, haki.PrecisionDay}, short(nums[1]) && short(nums[2])
		}
		a, _ := strconv.Atoi(nums[0])
		b, _ := strconv.Atoi(nums[1])
		y, ok := year(nums[2])
		if !ok || !short(nums[0]) || !short(nums[1]) {
			return ymd{}, false
		}
		d, m := a, b
		if monthFirst && a <= 12 || a <= 12 && b > 12 {
			d, m = b, a
		}
		return ymd{y, m, d, haki.PrecisionDay}, true
	}
	return ymd{}, false
}

// year reads a four-digit year, or a two-digit one as 19xx from 70 and
// 20xx below.
func year(s string) (int, bool) {
	n, err := strconv.Atoi(s)
	switch {
	case err != nil:
		return 0, false
	case len(s) == 4:
		return n, true
	case len(s) == 2 && n >= 70:
		return 1900 + n, true
	case len(s) == 2:
		return 2000 + n, true
	}
	return 0, false
}

func digits(s string) bool {
	if s == "" || len(s) > 4 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// hasYear reports whether a date's words hold a four-digit number.
func hasYear(toks []string) bool {
	for _, t := range toks {
		if len(t) == 4 && digits(t) {
			return true
		}
	}
	return false
}
