package haki

import (
	"slices"
	"strconv"
	"time"
)

// Kinds of record that can be duplicates, be merged and be unmerged.
const (
	DuplicatePerson   = "person"
	DuplicateIncident = "incident"
)

// Limits of a duplicate search.
const (
	DefaultDuplicateDays  = 7   // incidents whose dates are at most this many days apart
	MaxDuplicateDays      = 31  // the widest window a caller may ask for
	DefaultDuplicateLimit = 50  // pairs in one answer
	MaxDuplicateLimit     = 200 // the most pairs a caller may ask for
)

// DuplicateFilter asks for candidate duplicate pairs: of one kind (or both
// when Kind is empty), in a county, incidents at most Days apart.
type DuplicateFilter struct {
	Kind       string
	CountyCode string
	Days       int
	Limit      int
}

// Normalize fills in the defaults.
func (f *DuplicateFilter) Normalize() {
	if f.Days == 0 {
		f.Days = DefaultDuplicateDays
	}
	if f.Limit == 0 {
		f.Limit = DefaultDuplicateLimit
	}
}

// Validate checks the filter's kind and limits.
func (f DuplicateFilter) Validate() error {
	pr := Problems{}
	if f.Kind != "" && f.Kind != DuplicatePerson && f.Kind != DuplicateIncident {
		pr.Add("kind", "Choose persons or incidents.")
	}
	if f.Days < 0 || f.Days > MaxDuplicateDays {
		pr.Add("days", "Choose between 0 and "+strconv.Itoa(MaxDuplicateDays)+" days.")
	}
	if f.Limit < 0 || f.Limit > MaxDuplicateLimit {
		pr.Add("limit", "Choose at most "+strconv.Itoa(MaxDuplicateLimit)+" pairs.")
	}
	return pr.Err()
}

// DuplicateReason is one reason two records may be the same: a code
// (translated as duplicates.reason.<code>) and, for some, a number (the
// days apart, the victims shared).
type DuplicateReason struct {
	Code string `json:"code"`
	N    int    `json:"n,omitempty"`
}

// Reason codes, strongest first.
const (
	ReasonSameNationalID  = "same_national_id"
	ReasonSamePhone       = "same_phone"
	ReasonNamesAlike      = "names_alike"       // every name of the shorter alike, in any order
	ReasonNamesShared     = "names_shared"      // N names alike
	ReasonSameSex         = "same_sex"          //
	ReasonBirthYear       = "birth_year_close"  // birth years at most one apart
	ReasonSharedVictims   = "shared_victims"    // N victims in both
	ReasonSameDate        = "same_date"         //
	ReasonDatesApart      = "dates_apart"       // N days apart
	ReasonSamePeriod      = "same_period"       // the same month or year, when not known to the day
	ReasonSameCounty      = "same_county"       //
	ReasonSameVictimCount = "same_victim_count" // N victims each
	ReasonSimilarWording  = "similar_wording"   // titles and narratives share many words
	ReasonSamePlace       = "same_place"        // the same place name
	ReasonPlaceAlike      = "place_alike"       // place names share a word
	ReasonDifferentSex    = "different_sex"     // counts against
	ReasonBirthYearsApart = "birth_years_apart" // N years apart; counts against
	ReasonDifferentIDs    = "different_ids"     // both have an ID number and they differ; counts against
)

// DuplicateRecord is one side of a candidate pair: its id, reference and
// label (a person's name, an incident's title; empty when redacted).
type DuplicateRecord struct {
	ID         string `json:"id"`
	Ref        string `json:"ref"`
	Label      string `json:"label,omitempty"`
	CountyCode string `json:"county_code,omitempty"`
	Date       string `json:"date,omitempty"`
}

// DuplicatePair is a candidate pair with its score (higher is likelier)
// and the reasons.
type DuplicatePair struct {
	Kind    string            `json:"kind"`
	First   DuplicateRecord   `json:"first"`
	Second  DuplicateRecord   `json:"second"`
	Score   int               `json:"score"`
	Reasons []DuplicateReason `json:"reasons"`
}

// Mergeable fields: the values a merge may take from the merged record
// instead of the survivor's.
var (
	PersonMergeFields = []string{"full_name", "sex", "birth_date", "estimated_age", "national_id", "phone", "county_code",
		"occupation", "disability", "next_of_kin", "deceased", "notes"}
	IncidentMergeFields = []string{"title", "occurred", "county_code", "place_name", "coordinates", "context", "narrative", "verification"}
)

// MergeFields returns the mergeable fields of a kind.
func MergeFields(kind string) []string {
	if kind == DuplicatePerson {
		return PersonMergeFields
	}
	return IncidentMergeFields
}

// MergeRequest merges Merged into Survivor, taking the fields in Take from
// Merged. SurvivorVersion and MergedVersion, when set, are the versions the
// caller compared: a change since makes the merge a conflict.
type MergeRequest struct {
	Kind            string   `json:"kind"`
	SurvivorID      string   `json:"survivor_id"`
	MergedID        string   `json:"merged_id"`
	Take            []string `json:"take,omitempty"`
	SurvivorVersion int      `json:"survivor_version,omitempty"`
	MergedVersion   int      `json:"merged_version,omitempty"`
}

// Validate checks the kind, the two ids and the fields to take.
func (m MergeRequest) Validate() error {
	pr := Problems{}
	if m.Kind != DuplicatePerson && m.Kind != DuplicateIncident {
		pr.Add("kind", "Choose persons or incidents.")
		return pr.Err()
	}
	if m.SurvivorID == "" {
		pr.Add("survivor_id", "Choose the record to keep.")
	}
	if m.MergedID == "" || m.MergedID == m.SurvivorID {
		pr.Add("merged_id", "Choose another record to merge into it.")
	}
	fields := MergeFields(m.Kind)
	for _, f := range m.Take {
		if !slices.Contains(fields, f) {
			pr.Add("take", "No such field: "+f+".")
			break
		}
	}
	return pr.Err()
}

// Merge is a merge as recorded: what was merged into what, the fields taken
// from the merged record, what moved, and its undo if any.
type Merge struct {
	ID          string         `json:"id"`
	Kind        string         `json:"kind"`
	SurvivorID  string         `json:"survivor_id"`
	SurvivorRef string         `json:"survivor_ref"`
	MergedID    string         `json:"merged_id"`
	MergedRef   string         `json:"merged_ref"`
	Fields      []string       `json:"fields"`
	Moved       map[string]int `json:"moved"` // rows moved, by table
	MergedBy    string         `json:"merged_by,omitempty"`
	MergedAt    time.Time      `json:"merged_at"`
	UndoneBy    string         `json:"undone_by,omitempty"`
	UndoneAt    *time.Time     `json:"undone_at,omitempty"`
}

// DuplicateComparison is two persons or two incidents side by side: the
// records, their mergeable fields, the score and the reasons.
type DuplicateComparison struct {
	Kind                          string
	FirstPerson, SecondPerson     *Person
	FirstIncident, SecondIncident *Incident
	Score                         int
	Reasons                       []DuplicateReason
	Fields                        []FieldDiff
}

// FirstRecord returns the first record's id, reference and label.
func (c *DuplicateComparison) FirstRecord() DuplicateRecord {
	return comparedRecord(c.FirstPerson, c.FirstIncident)
}

// SecondRecord returns the second record's id, reference and label.
func (c *DuplicateComparison) SecondRecord() DuplicateRecord {
	return comparedRecord(c.SecondPerson, c.SecondIncident)
}

func comparedRecord(p *Person, i *Incident) DuplicateRecord {
	if p != nil {
		return DuplicateRecord{ID: p.ID, Ref: p.Ref, Label: p.FullName, CountyCode: p.CountyCode, Date: p.BirthDate.String()}
	}
	return DuplicateRecord{ID: i.ID, Ref: i.Ref, Label: i.Title, CountyCode: i.CountyCode, Date: i.Occurred.String()}
}
