package haki

import (
	"fmt"
	"time"
)

// A Batch is many incidents, each with its persons, acts, involvements and
// sources, written in one go by a program or the importer: all or nothing,
// or only the rows that pass. Every record carries the caller's external
// id, kept by the store beside the record under the batch's System, so
// that running the same batch again updates what changed, reports
// "unchanged" for what did not, and never duplicates.
//
// The store implements it (internal/store/batch.go), in one transaction,
// with the rules of the single-record methods (vocabularies, places,
// permissions: PermBatch):
//
//	func (s *Store) ApplyBatch(ctx context.Context, b haki.Batch, opt store.BatchOptions) (*haki.BatchResult, error)
//	func (s *Store) ApplyBatchStream(ctx context.Context, system string,
//		next func() (*haki.BatchIncident, error), // io.EOF ends the stream
//		opt store.BatchOptions) (*haki.BatchResult, error)
//
//	type BatchOptions struct {
//		DryRun    bool            // every check, nothing written (rolled back)
//		ValidOnly bool            // commit the valid rows, report the rejected; default all or nothing
//		Progress  func(done int)  // called now and then with the rows handled so far
//		OnRow     func(BatchRow)  // each row's result as decided, instead of keeping Rows
//	}
//
// When all or nothing fails, the result lists every row with its action
// and problems and the error is EINVALID; nothing is written. Cancelling
// ctx rolls everything back. The audit log gets one entry per batch with
// the counts, never a name.
type Batch struct {
	// System names where the records come from: the caller's source
	// system, e.g. "wapo-fatal-force", or a sending Haki instance.
	System    string          `json:"system"`
	Incidents []BatchIncident `json:"incidents"`
}

// MaxBatchIncidents bounds the incidents of one batch request to the API;
// the importer streams larger files through the same engine.
const MaxBatchIncidents = 5000

// MaxBatchParts bounds the persons, acts, involvements and sources of one
// incident of a batch, each.
const MaxBatchParts = 500

// BatchIncident is one row of a batch: an incident and its parts, each
// with an external id. A person's external id names the same person
// across the incidents of the system (a victim of two incidents is one
// person); an act's, involvement's or source's is within its incident,
// and when left empty its position stands in ("0", "1", ...), so that the
// same input run again still matches.
type BatchIncident struct {
	ExternalID   string             `json:"external_id"`
	Incident     Incident           `json:"incident"`
	Persons      []BatchPerson      `json:"persons,omitempty"`
	Acts         []BatchAct         `json:"acts,omitempty"`
	Involvements []BatchInvolvement `json:"involvements,omitempty"`
	Sources      []BatchSource      `json:"sources,omitempty"`
}

// BatchPerson is a person of a batch row: a victim, a witness, a source.
type BatchPerson struct {
	ExternalID string `json:"external_id"`
	Person     Person `json:"person"`
}

// BatchAct is what was done to a victim, the person of the row (or of an
// earlier row) whose external id is Victim. Act.VictimID and
// Act.IncidentID are filled by the store.
type BatchAct struct {
	ExternalID string `json:"external_id,omitempty"`
	Victim     string `json:"victim"` // a person's external id
	Act        Act    `json:"act"`
}

// BatchInvolvement is a perpetrator's part in the act whose external id is
// Act (or, when the row has one act, in that act if Act is empty), with
// what became of them (Involvement.Outcomes).
type BatchInvolvement struct {
	ExternalID  string      `json:"external_id,omitempty"`
	Act         string      `json:"act,omitempty"`
	Involvement Involvement `json:"involvement"`
}

// BatchSource is where the information came from; Person, when given, is
// the external id of the person who is the source (a witness).
type BatchSource struct {
	ExternalID string `json:"external_id,omitempty"`
	Person     string `json:"person,omitempty"`
	Source     Source `json:"source"`
}

// The actions a batch takes on a row.
const (
	BatchCreated   = "created"
	BatchUpdated   = "updated"
	BatchUnchanged = "unchanged"
	BatchRejected  = "rejected"
)

// BatchResult tells what a batch did, or in a dry run would do, row by row.
type BatchResult struct {
	DryRun    bool       `json:"dry_run"`
	Committed bool       `json:"committed"` // false after a dry run or a refused all-or-nothing batch
	Created   int        `json:"created"`
	Updated   int        `json:"updated"`
	Unchanged int        `json:"unchanged"`
	Rejected  int        `json:"rejected"`
	Rows      []BatchRow `json:"rows"`
}

// BatchRow is what happened to one incident of a batch. Problems name the
// fields within the row: "incident.title", "persons[0].sex",
// "acts[1].victim", "involvements[0].outcomes[2].kind".
type BatchRow struct {
	Index      int      `json:"index"`
	ExternalID string   `json:"external_id"`
	Action     string   `json:"action"` // created, updated, unchanged or rejected
	ID         string   `json:"id,omitempty"`
	Ref        string   `json:"ref,omitempty"`
	Problems   Problems `json:"problems,omitempty"`
}

// Add counts a row under its action and keeps it.
func (r *BatchResult) Add(row BatchRow) {
	switch row.Action {
	case BatchCreated:
		r.Created++
	case BatchUpdated:
		r.Updated++
	case BatchUnchanged:
		r.Unchanged++
	case BatchRejected:
		r.Rejected++
	}
	r.Rows = append(r.Rows, row)
}

// ValidateBatchSystem checks the name of a batch's source system: 1 to 100
// lower-case letters, digits, dots, dashes, underscores or colons.
func ValidateBatchSystem(system string) error {
	ok := len(system) >= 1 && len(system) <= 100
	for _, c := range system {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_' || c == ':') {
			ok = false
		}
	}
	if !ok {
		return &Error{Code: EINVALID, Message: "Name the source system.",
			Fields: map[string]string{"system": "Use 1 to 100 lower-case letters, digits, dots, dashes, underscores or colons."}}
	}
	return nil
}

// Validate checks the batch as a whole: its system and its size. Each row
// is checked by BatchIncident.Validate.
func (b *Batch) Validate() error {
	if err := ValidateBatchSystem(b.System); err != nil {
		return err
	}
	if len(b.Incidents) == 0 {
		return &Error{Code: EINVALID, Message: "The batch has no incidents.", Fields: map[string]string{"incidents": "Give at least one incident."}}
	}
	if len(b.Incidents) > MaxBatchIncidents {
		return &Error{Code: EINVALID, Message: fmt.Sprintf("Send at most %d incidents in one batch.", MaxBatchIncidents),
			Fields: map[string]string{"incidents": fmt.Sprintf("Send at most %d incidents in one batch.", MaxBatchIncidents)}}
	}
	return nil
}

// Normalize fills the positional external ids of acts, involvements and
// sources, and normalises each record.
func (bi *BatchIncident) Normalize() {
	bi.Incident.Normalize()
	for i := range bi.Persons {
		bi.Persons[i].Person.Normalize()
	}
	for i := range bi.Acts {
		if bi.Acts[i].ExternalID == "" {
			bi.Acts[i].ExternalID = fmt.Sprint(i)
		}
		bi.Acts[i].Act.Normalize()
	}
	for i := range bi.Involvements {
		if bi.Involvements[i].ExternalID == "" {
			bi.Involvements[i].ExternalID = fmt.Sprint(i)
		}
		if bi.Involvements[i].Act == "" && len(bi.Acts) == 1 {
			bi.Involvements[i].Act = bi.Acts[0].ExternalID
		}
	}
	for i := range bi.Sources {
		if bi.Sources[i].ExternalID == "" {
			bi.Sources[i].ExternalID = fmt.Sprint(i)
		}
	}
}

// Validate checks a normalised row at instant now: each record by its own
// rules, the external ids present, unique and referring to parts of the
// row. known reports whether a person external id not among the row's
// persons is already known to the store (a victim of an earlier row or
// run); it may be nil. Vocabularies and places are checked by the store.
func (bi *BatchIncident) Validate(now time.Time, known func(personExternalID string) bool) error {
	p := Problems{}
	checkExternalID(p, "external_id", bi.ExternalID)
	addPrefixed(p, "incident.", bi.Incident.Validate(now))
	if len(bi.Persons) > MaxBatchParts || len(bi.Acts) > MaxBatchParts || len(bi.Involvements) > MaxBatchParts || len(bi.Sources) > MaxBatchParts {
		p.Add("incident", fmt.Sprintf("Give at most %d persons, acts, involvements or sources of one incident.", MaxBatchParts))
	}
	persons := map[string]bool{}
	for i := range bi.Persons {
		bp := &bi.Persons[i]
		field := fmt.Sprintf("persons[%d].", i)
		checkPartID(p, persons, field+"external_id", bp.ExternalID, "Two persons of the incident have this external id.")
		addPrefixed(p, field+"person.", bp.Person.Validate(now))
	}
	person := func(id string) bool { return persons[id] || known != nil && known(id) }
	acts := map[string]bool{}
	for i := range bi.Acts {
		ba := &bi.Acts[i]
		field := fmt.Sprintf("acts[%d].", i)
		checkPartID(p, acts, field+"external_id", ba.ExternalID, "Two acts of the incident have this external id.")
		if ba.Victim == "" || !person(ba.Victim) {
			p.Add(field+"victim", "Name the victim by the external id of one of the incident's persons.")
		}
		a := ba.Act
		a.VictimID = "-" // checked above
		addPrefixed(p, field+"act.", a.Validate())
	}
	invs := map[string]bool{}
	for i := range bi.Involvements {
		bv := &bi.Involvements[i]
		field := fmt.Sprintf("involvements[%d].", i)
		checkPartID(p, invs, field+"external_id", bv.ExternalID, "Two involvements of the incident have this external id.")
		if !acts[bv.Act] {
			p.Add(field+"act", "Name the act by the external id of one of the incident's acts.")
		}
		addPrefixed(p, field+"involvement.", bv.Involvement.Validate(now))
	}
	srcs := map[string]bool{}
	for i := range bi.Sources {
		bs := &bi.Sources[i]
		field := fmt.Sprintf("sources[%d].", i)
		checkPartID(p, srcs, field+"external_id", bs.ExternalID, "Two sources of the incident have this external id.")
		if bs.Person != "" && !person(bs.Person) {
			p.Add(field+"person", "Name the person by the external id of one of the incident's persons.")
		}
		addPrefixed(p, field+"source.", bs.Source.Validate())
	}
	return p.Err()
}

// MaxExternalID bounds an external id.
const MaxExternalID = 200

// checkPartID checks the external id of a part of an incident (a person,
// act, involvement or source) and that no other part of its kind in seen
// has it, saying twice if one has; it adds id to seen.
func checkPartID(p Problems, seen map[string]bool, field, id, twice string) {
	checkExternalID(p, field, id)
	if seen[id] {
		p.Add(field, twice)
	}
	seen[id] = true
}

// checkExternalID checks a record's external id.
func checkExternalID(p Problems, field, id string) {
	if id == "" {
		p.Add(field, "Give the record's id in your system.")
	}
	checkLen(p, field, id, MaxExternalID)
}
