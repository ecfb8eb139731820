package haki

import (
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"
)

// ImportMapping is a spreadsheet mapping saved by name for the
// organisation, to import the next file of the same shape the same way.
// Mapping is the JSON the importer reads (docs/IMPORT.md); the importer
// checks its rules, the store keeps it.
type ImportMapping struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Mapping   string    `json:"mapping"`
	CreatedBy string    `json:"created_by"`
	UpdatedAt time.Time `json:"updated_at"`
	Version   int       `json:"version"`
}

// MaxImportMapping bounds a saved mapping's JSON.
const MaxImportMapping = 256 << 10

// Normalize trims the name.
func (m *ImportMapping) Normalize() { m.Name = strings.Join(strings.Fields(m.Name), " ") }

// Validate checks a normalised saved mapping: a name, and JSON of bounded size.
func (m *ImportMapping) Validate() error {
	p := Problems{}
	if m.Name == "" {
		p.Add("name", "Give the mapping a name.")
	}
	if utf8.RuneCountInString(m.Name) > 100 {
		p.Add("name", "Use at most 100 characters.")
	}
	if len(m.Mapping) > MaxImportMapping || !json.Valid([]byte(m.Mapping)) {
		p.Add("mapping", "The mapping is not valid JSON of at most 256 KB.")
	}
	return p.Err()
}
