package haki

// PENDING: replaced by the bodychart branch.

func ValidChartView(v string) bool  { return v != "" }
func ValidBodyRegion(r string) bool { return r != "" }
