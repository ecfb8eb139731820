package haki

// PENDING: replaced by the forms and bodychart branches.

type InstrumentResult struct {
	Code    string         `json:"code"`
	Version int            `json:"version"`
	Answers map[string]int `json:"answers"`
	Total   int            `json:"total"`
	Band    string         `json:"band"`
	Flags   []string       `json:"flags"`
}

func ValidChartView(v string) bool  { return v != "" }
func ValidBodyRegion(r string) bool { return r != "" }
