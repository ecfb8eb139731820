package demo

import (
	"reflect"
	"testing"
	"time"
)

func TestPublicReportsValidAndVaried(t *testing.T) {
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	got := PublicReports(1, now, 40)
	if !reflect.DeepEqual(got, PublicReports(1, now, 40)) {
		t.Fatal("the same seed gave different reports")
	}
	channels, statuses := map[string]int{}, map[string]int{}
	for i, p := range got {
		if p.At.After(now) || p.At.Before(now.AddDate(0, 0, -30)) {
			t.Errorf("report %d arrives at %s, outside the 30 days before now", i, p.At)
		}
		ch := p.Report.Channel
		if p.SMS != nil {
			ch = "sms"
		} else {
			r := p.Report
			r.Normalize()
			if err := r.Validate(now); err != nil {
				t.Errorf("report %d does not validate: %v", i, err)
			}
		}
		channels[ch]++
		for _, s := range p.Triage {
			statuses[s.Status]++
			if s.Status == "duplicate" && s.DupOf >= i {
				t.Errorf("report %d repeats report %d, which has not arrived", i, s.DupOf)
			}
		}
	}
	for _, ch := range []string{"web", "sms", "ussd"} {
		if channels[ch] == 0 {
			t.Errorf("no report by %s in %v", ch, channels)
		}
	}
	for _, st := range []string{"being_verified", "rejected", "duplicate"} {
		if statuses[st] == 0 {
			t.Errorf("no report set %s in %v", st, statuses)
		}
	}
}
