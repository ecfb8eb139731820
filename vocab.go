package haki

import (
	"slices"
	"strings"
	"time"
)

// Vocabularies names every controlled vocabulary. Their terms are data,
// editable by an administrator.
var Vocabularies = []string{
	"incident_type", "context", "verification", "act_type", "method", "consequence", "victim_status",
	"service", "involvement", "source_kind", "reliability", "sex", "client_relation", "intake_channel",
	"case_status", "closure_reason", "report_status", "alert_kind",
}

// Term is one entry of a controlled vocabulary, labelled in English and Kiswahili.
type Term struct {
	Vocab   string `json:"vocab"`
	Code    string `json:"code"`
	LabelEN string `json:"label_en"`
	LabelSW string `json:"label_sw"`
	Sort    int    `json:"sort"`
	Active  bool   `json:"active"`
}

// Label returns the term's label in the language ("sw" or anything else for English).
func (t *Term) Label(lang string) string {
	if lang == "sw" && t.LabelSW != "" {
		return t.LabelSW
	}
	return t.LabelEN
}

// Normalize trims the labels.
func (t *Term) Normalize() {
	t.LabelEN, t.LabelSW = strings.TrimSpace(t.LabelEN), strings.TrimSpace(t.LabelSW)
}

// Validate checks a normalised term before it is stored.
func (t *Term) Validate() error {
	p := Problems{}
	if !slices.Contains(Vocabularies, t.Vocab) {
		p.Add("vocab", "No such vocabulary.")
	}
	if !validCode(t.Code) {
		p.Add("code", "Use 1 to 40 lower-case letters, digits or underscores.")
	}
	if t.LabelEN == "" {
		p.Add("label_en", "Enter the English label.")
	}
	if t.LabelSW == "" {
		p.Add("label_sw", "Enter the Kiswahili label.")
	}
	checkLen(p, "label_en", t.LabelEN, 100)
	checkLen(p, "label_sw", t.LabelSW, 100)
	return p.Err()
}

func validCode(s string) bool {
	if len(s) < 1 || len(s) > 40 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// Place is an entry of the gazetteer: a country's level-1 (county) or
// level-2 (sub-county) area.
type Place struct {
	Code         string `json:"code"` // e.g. KE-047, KE-047-03
	Country      string `json:"country"`
	Level        int    `json:"level"`
	ParentCode   string `json:"parent_code,omitempty"`
	Name         string `json:"name"`
	OfficialCode string `json:"official_code,omitempty"` // e.g. 047
	// Boundary is the place's outline as a GeoJSON geometry (place_boundary.go), when
	// its gazetteer gives one; FindPlaces leaves it out.
	Boundary string `json:"boundary,omitempty"`
}

// AuditEntry records one change or sensitive read: who, when, what, before and after.
type AuditEntry struct {
	ID        int64     `json:"id"`
	At        time.Time `json:"at"`
	UserID    string    `json:"user_id,omitempty"`
	Username  string    `json:"username,omitempty"`
	Action    string    `json:"action"` // create, update, delete, sign_in, ...
	Entity    string    `json:"entity"` // incident, person, ...
	EntityID  string    `json:"entity_id,omitempty"`
	Before    string    `json:"before,omitempty"` // JSON
	After     string    `json:"after,omitempty"`  // JSON
	RequestID string    `json:"request_id,omitempty"`
}

// AuditFilter selects audit entries.
type AuditFilter struct {
	Entity   string
	EntityID string
	UserID   string
	Action   string
	From, To time.Time
	BeforeID int64 // keyset: entries with a smaller id
	Limit    int
}
