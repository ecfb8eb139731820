package importer

import (
	"strconv"
	"strings"

	"github.com/haki-kenya/haki"
)

// Age is an age read from a sheet; Estimated is set when the sheet gave
// words or a range rather than a number ("about 30", "20s", "teenager").
type Age struct {
	Years     int
	Estimated bool
}

// ageWords are the words for an age band and the age they stand for.
var ageWords = map[string]int{
	"infant": 1, "baby": 1, "toddler": 2, "child": 10, "minor": 14, "boy": 12, "girl": 12,
	"teen": 16, "teenager": 16, "teenage": 16, "adolescent": 15, "youth": 20, "young": 22,
	"young man": 22, "young woman": 22, "middle aged": 45, "middle-aged": 45, "elderly": 70, "old": 70,
	"mtoto": 10, "kijana": 20, "mzee": 70,
}

// ParseAge reads an age: "30", "30 years", "30 yrs", "about 30", "30?",
// "30-35", "20s", "mid 20s", "early 30s", "late teens", "teenager". Anything
// but a plain number is Estimated. An empty string gives ok false and no
// error.
func ParseAge(s string) (Age, bool, error) {
	s = strings.TrimSpace(strings.ToLower(s))
	if s == "" || s == "unknown" || s == "n/a" || s == "-" || s == "--" {
		return Age{}, false, nil
	}
	rest, approx := cutApprox(s)
	rest = strings.TrimSpace(strings.TrimSuffix(rest, "?"))
	if strings.HasSuffix(s, "?") {
		approx = true
	}
	for _, suf := range []string{"years old", "year old", "yrs old", "years", "year", "yrs", "yr", "y.o.", "yo", "miaka"} {
		if r, ok := strings.CutSuffix(rest, suf); ok {
			rest = strings.TrimSpace(r)
			break
		}
	}
	rest = strings.TrimPrefix(rest, "miaka ")
	if n, err := strconv.Atoi(rest); err == nil {
		return checkAge(Age{n, approx})
	}
	if n, ok := ageWords[rest]; ok {
		return Age{n, true}, true, nil
	}
	if a, b, ok := strings.Cut(rest, "-"); ok { // 30-35
		lo, err1 := strconv.Atoi(strings.TrimSpace(a))
		hi, err2 := strconv.Atoi(strings.TrimSpace(b))
		if err1 == nil && err2 == nil && lo <= hi {
			return checkAge(Age{(lo + hi) / 2, true})
		}
	}
	part := ""
	for _, p := range []string{"early", "mid", "late"} {
		if r, ok := strings.CutPrefix(rest, p); ok {
			part, rest = p, strings.TrimSpace(strings.TrimPrefix(r, "-"))
			break
		}
	}
	decade := -1
	switch {
	case rest == "teens":
		decade = 10
	case strings.HasSuffix(rest, "s"):
		if n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSuffix(rest, "s"), "'")); err == nil && n%10 == 0 {
			decade = n
		}
	}
	if decade < 0 {
		return Age{}, false, haki.Errorf(haki.EINVALID, "This is not an age the importer reads (e.g. 30, about 30, 30-35, 20s, mid 20s, teenager).")
	}
	switch part {
	case "early":
		return checkAge(Age{decade + 2, true})
	case "late":
		return checkAge(Age{decade + 8, true})
	case "":
		if decade == 10 {
			return checkAge(Age{16, true})
		}
	}
	return checkAge(Age{decade + 5, true})
}

func checkAge(a Age) (Age, bool, error) {
	if a.Years < 0 || a.Years > 120 {
		return Age{}, false, haki.Errorf(haki.EINVALID, "An age is between 0 and 120.")
	}
	return a, true, nil
}
