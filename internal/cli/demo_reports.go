package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/demo"
	"github.com/haki-kenya/haki/internal/store"
)

// demoPublicReports sends the demo public's reports through the store's
// own doors (the page's and USSD's SubmitPublicReport, the SMS hook's
// ReceiveSMS), each at its own moment, and then works some of them through
// triage as the demo's monitor and data manager, so that the queue on the
// home page and at /triage has reports of every age and state.
func (m *Main) demoPublicReports(ctx context.Context, s *store.Store, seed int64, now time.Time, count int) error {
	users, err := s.FindUsers(haki.SystemContext(ctx))
	if err != nil {
		return err
	}
	byName := map[string]*haki.User{}
	for _, u := range users {
		byName[u.Username] = u
	}
	clock := s.Now
	defer func() { s.Now = clock }()
	at := func(t time.Time) { s.Now = func() time.Time { return t } }
	reports := demo.PublicReports(seed, now, count)
	ids := make([]string, len(reports))
	triaged := 0
	for i, p := range reports {
		at(p.At)
		r := p.Report
		if p.SMS != nil {
			got, _, err := s.ReceiveSMS(ctx, *p.SMS)
			if err != nil {
				return fmt.Errorf("demo report %d by SMS: %w", i, err)
			}
			r = *got
		} else if _, err := s.SubmitPublicReport(ctx, &r, p.Key); err != nil {
			return fmt.Errorf("demo report %d: %w", i, err)
		}
		ids[i] = r.ID
		for k, step := range p.Triage {
			u := byName[step.By]
			if u == nil {
				continue
			}
			when := p.At.Add(time.Duration(k+1) * 47 * time.Minute)
			if when.After(now) {
				when = now
			}
			at(when)
			uctx := haki.NewContextWithUser(ctx, u) // version 0: the demo works alone
			switch {
			case step.Assign != "" && byName[step.Assign] != nil:
				err = s.AssignPublicReport(uctx, r.ID, byName[step.Assign].ID, 0)
			case step.Status == "duplicate":
				err = s.SetPublicReportStatus(uctx, r.ID, "duplicate", "", ids[step.DupOf], 0)
			case step.Status != "":
				err = s.SetPublicReportStatus(uctx, r.ID, step.Status, step.Reason, "", 0)
			case step.Note != "":
				err = s.AddPublicReportNote(uctx, r.ID, step.Note)
			}
			if err != nil {
				return fmt.Errorf("demo report %d, triage step %d: %w", i, k+1, err)
			}
		}
		if len(p.Triage) > 0 {
			triaged++
		}
	}
	fmt.Fprintf(m.Stdout, "Public reports: %d from the page, SMS and USSD over the last 30 days, %d of them in triage.\n", len(reports), triaged)
	return nil
}
