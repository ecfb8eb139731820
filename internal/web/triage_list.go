package web

import (
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/haki-kenya/haki"
)

// triageListPage is the queue of reports from the public.
type triageListPage struct {
	Page
	Vocab    Vocab
	Counties places
	Status   string // the tab: one of haki.ReportStatuses
	Mine     bool   // only the reports assigned to me
	Tabs     []triageTab
	Reports  []*haki.PublicReportRow
	NextURL  string
}

// triageTab is one tab of the queue.
type triageTab struct {
	Label, Href string
	Current     bool
}

// triageQuery is the queue's URL for a tab and a cursor; it carries codes only.
func triageQuery(status string, mine bool, cursor string) string {
	v := url.Values{}
	v.Set("status", status)
	if mine {
		v.Set("mine", "1")
	}
	if cursor != "" {
		v.Set("cursor", cursor)
	}
	return "/triage?" + v.Encode()
}

// triageList shows the queue, one status at a time (new first), oldest
// first while they wait, with their age.
func (s *Server) triageList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	p := triageListPage{Page: s.page(w, r, "triage.list.title"), Status: q.Get("status"), Mine: q.Get("mine") == "1"}
	if !slices.Contains(haki.ReportStatuses, p.Status) {
		p.Status = "new"
	}
	var err error
	if p.Vocab, err = s.vocab(ctx, p.Lang, "report_status", "alert_kind"); err != nil {
		return err
	}
	if p.Counties, err = s.counties(ctx); err != nil {
		return err
	}
	for _, st := range haki.ReportStatuses {
		p.Tabs = append(p.Tabs, triageTab{Label: p.Vocab.Label("report_status", st), Href: triageQuery(st, p.Mine, ""), Current: st == p.Status})
	}
	f := haki.PublicReportFilter{Status: p.Status, Cursor: q.Get("cursor"), Limit: 50}
	if p.Mine {
		f.AssignedTo = "me"
	}
	var next string
	if p.Reports, next, err = s.store.FindPublicReports(ctx, f); err != nil {
		return err
	}
	if next != "" {
		p.NextURL = triageQuery(p.Status, p.Mine, next)
	}
	return s.render(w, r, http.StatusOK, "triage_list", p)
}

// Age writes how long a report has waited: minutes, hours or days.
func (p Page) Age(d time.Duration) string {
	switch {
	case d < time.Hour:
		return p.T("triage.age.minutes", int(d/time.Minute))
	case d < 48*time.Hour:
		return p.T("triage.age.hours", int(d/time.Hour))
	}
	return p.T("triage.age.days", int(d/(24*time.Hour)))
}
