package web

import (
	"context"
	"html/template"
	"strconv"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/chart"
)

// dashboardBlock is the home page's figures: for each
// standard report, victims and incidents this year and this month so far
// with the change from the same days a year before, and a chart of this
// year's months. Each figure opens the report for its period.
type dashboardBlock struct {
	Page
	Year, Month string // "2026", "October 2026"
	Items       []dashboardItem
	Chart       template.HTML
	ChartTable  chart.Table
	Suppression string
	// Whole: whole periods beside whole periods, for readers who do not see identities.
	Whole bool
}

type dashboardItem struct {
	Name, Title string
	Figures     []dashboardFigure
}

type dashboardFigure struct {
	Label, Value, Prev, Change, Href string
}

// showsFigures reports whether the role's home page shows the report
// figures: every role but the network professionals, whose home is their
// own work.
func showsFigures(u *haki.User) bool {
	return u.Can(haki.PermDashboard) && u.Role != haki.RoleProfessional
}

// dashboard loads the figures block for the page's user, or nil.
func (s *Server) dashboard(ctx context.Context, p Page) (*dashboardBlock, error) {
	if !showsFigures(p.User) {
		return nil, nil
	}
	today := haki.Today(s.now())
	d, err := s.store.Dashboard(ctx, today)
	if err != nil {
		return nil, err
	}
	b := &dashboardBlock{Page: p, Whole: d.Whole, Year: strconv.Itoa(today.Year()),
		Month: p.T("report.month."+strconv.Itoa(int(today.Month()))) + " " + strconv.Itoa(today.Year())}
	count := func(r *haki.Report, c haki.Count) string {
		if c.Suppressed {
			return p.T("report.fewer_than", r.SuppressBelow)
		}
		return reportThousands(c.N)
	}
	line := chart.Line{Title: p.T("reportweb.home.chart", b.Year), Description: p.T("reportweb.home.chart_desc"),
		CategoryAxis: p.T("report.col.month"), ValueAxis: p.T("report.victims")}
	for i, dr := range d.Reports {
		y, m := dr.Year, dr.Month
		href := "/reports/" + dr.Name + "?year=" + b.Year
		mhref := href + "&month=" + strconv.Itoa(int(today.Month()))
		item := dashboardItem{Name: dr.Name, Title: p.T("report." + dr.Name + ".title"), Figures: []dashboardFigure{
			{Label: p.T("reportweb.home.victims_year", b.Year), Value: count(y, y.Victims), Prev: count(y, y.PrevVictims), Change: reportChange(y.Victims, y.PrevVictims), Href: href},
			{Label: p.T("reportweb.home.incidents_year", b.Year), Value: count(y, y.Incidents), Prev: count(y, y.PrevIncidents), Change: reportChange(y.Incidents, y.PrevIncidents), Href: href},
			{Label: p.T("reportweb.home.victims_month", b.Month), Value: count(m, m.Victims), Prev: count(m, m.PrevVictims), Change: reportChange(m.Victims, m.PrevVictims), Href: mhref},
			{Label: p.T("reportweb.home.incidents_month", b.Month), Value: count(m, m.Incidents), Prev: count(m, m.PrevIncidents), Change: reportChange(m.Incidents, m.PrevIncidents), Href: mhref},
		}}
		b.Items = append(b.Items, item)
		series := chart.Series{Name: item.Title}
		for _, row := range y.Tables[0].Rows {
			if i == 0 {
				mo, _ := strconv.Atoi(row.Code[5:])
				line.Categories = append(line.Categories, p.T("reportweb.month_short."+strconv.Itoa(mo)))
			}
			series.Values = append(series.Values, chart.Value{N: float64(row.Victims.N), Suppressed: row.Victims.Suppressed})
		}
		line.Series = append(line.Series, series)
		if y.SuppressBelow > 0 {
			line.SuppressBelow = y.SuppressBelow
			b.Suppression = p.T("report.suppressed_note", y.SuppressBelow)
		}
	}
	b.Chart, b.ChartTable = line.SVG(), line.Table()
	return b, nil
}
