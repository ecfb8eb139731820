package haki

import "time"

// Dashboard holds the figures of the home page: for each standard report,
// the victims and incidents of this year and this month so far, each
// beside the same days a year before, and this year's months.
type Dashboard struct {
	Today   time.Time
	Reports []DashboardReport
	// Whole reports that the periods are the whole year and month, beside
	// the whole year and month a year before, not the days so far: the
	// figures of a reader who does not see identities (report_protect.go).
	Whole bool
}

// DashboardReport is one standard report's part of the dashboard.
type DashboardReport struct {
	Name string
	// Year counts from 1 January to today, beside the same days of last
	// year; its one table, ByMonth, has a row per month so far.
	Year *Report
	// Month counts from the first of this month to today, beside the same
	// days a year before. Its counts are the current month's row of Year,
	// so that they are hidden together with it.
	Month *Report
}
