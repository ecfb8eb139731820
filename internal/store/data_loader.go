package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/vault"
)

// Loader writes many generated or imported records fast: rows are buffered
// per table and written as multi-row INSERTs, parents before children,
// committing every few thousand incidents. It is for filling an empty
// database (the demo, scale work); it checks no vocabularies or places, so
// its caller must give good records, and it audits one summary entry
// instead of one per record. It implements demo.Sink.
type Loader struct {
	s       *Store
	ctx     context.Context
	tx      *sql.Tx
	tables  []*batch // in the order they are flushed: parents first
	byName  map[string]*batch
	pending int // incidents since the last commit
	// summaryIDs holds, per report of the summary, the ids of the
	// incidents of its types loaded since the last commit, whose figures go
	// into the summary when they are complete.
	summaryIDs map[string][]string
	refs       map[string]int // highest number seen per "PREFIX-YEAR"
	hashes     map[string]string
	counts     map[string]int
	// The data keys of the records whose parts are still to come: an
	// incident's acts, involvements and sources follow it, and only
	// Incident commits, so these are reset there.
	incidentKeys map[string][]byte
	actIncident  map[string]string
}

type batch struct {
	table string
	cols  int
	head  string
	args  []any
	rows  int
}

// loaderTables lists each table's columns, parents before children.
var loaderTables = []struct{ table, cols string }{
	{"teams", "id, name, created_at"},
	{"data_keys", "id, master_id, wrapped, created_at"},
	{"users", "id, username, display_name, role, team_id, language, password_hash, disabled, created_at, updated_at"},
	{"institutions", "id, service_code, kind, name, county_code, version"},
	{"persons", "id, ref, " + personWritable + ", created_by, created_at, updated_at, key_id, version"},
	{"person_tokens", "token, person_id"},
	{"incidents", "id, ref, " + incidentWritable + ", victim_count, created_by, created_at, updated_at, key_id, version"},
	{"incident_types", "incident_id, type_code"},
	{"acts", "id, incident_id, victim_id, act_type, method, victim_status, victim_age, notes, version"},
	{"act_consequences", "act_id, code"},
	{"involvements", "id, act_id, service_code, institution_id, officer_name, officer_service_number, officer_rank, degree, notes, version"},
	{"involvement_outcomes", "id, involvement_id, position, kind, outcome_date, date_precision, date_approx, source_kind, source_ref, notes, created_by, created_at"},
	{"sources", "id, incident_id, kind, outlet, url, person_id, description, source_date, source_precision, source_approx, reliability, version"},
	{"cases", "id, ref, client_id, client_relation, intake_date, intake_year, intake_channel, status, closure_reason, caseworker_id, team_id, sensitive, summary, created_by, created_at, updated_at, key_id, version"},
	{"case_incidents", "case_id, incident_id"},
	{"case_assignments", "case_id, user_id"},
}

// rowsPerInsert keeps each statement under both engines' parameter limits.
const rowsPerInsert = 400

// commitEvery is how many incidents go into one transaction.
const commitEvery = 20000

// NewLoader starts loading. Only the system (a command) may load.
func (s *Store) NewLoader(ctx context.Context) (*Loader, error) {
	if u := haki.UserFromContext(ctx); u != haki.SystemUser {
		return nil, haki.Errorf(haki.EFORBIDDEN, "Only a command run on the server can bulk-load records.")
	}
	l := &Loader{s: s, ctx: ctx, byName: map[string]*batch{}, refs: map[string]int{}, hashes: map[string]string{}, counts: map[string]int{},
		incidentKeys: map[string][]byte{}, actIncident: map[string]string{}, summaryIDs: map[string][]string{}}
	for _, t := range loaderTables {
		b := &batch{table: t.table, cols: strings.Count(t.cols, ",") + 1, head: "INSERT INTO " + t.table + " (" + t.cols + ") VALUES "}
		l.tables, l.byName[t.table] = append(l.tables, b), b
	}
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM incidents`).Scan(&n); err != nil {
		return nil, err
	} else if n > 0 {
		return nil, haki.Errorf(haki.ECONFLICT, "Bulk loading fills an empty database; this one already has incidents.")
	}
	// Leaving WAL needs the writer alone on the file: close the idle
	// readers (nothing reads during a load); end lets them come back.
	if s.rdb != s.db {
		s.rdb.SetMaxIdleConns(0)
	}
	for _, q := range s.d.bulkStart() {
		if _, err := s.db.ExecContext(ctx, q); err != nil {
			return nil, err
		}
	}
	return l, l.begin()
}

// end puts the connection's settings back (WAL, full sync): the database
// is only durable and crash-safe again once it has run.
func (l *Loader) end() error {
	if l.s.rdb != l.s.db {
		defer l.s.rdb.SetMaxIdleConns(readPoolSize)
	}
	for _, q := range l.s.d.bulkEnd() {
		if _, err := l.s.db.ExecContext(context.WithoutCancel(l.ctx), q); err != nil {
			return fmt.Errorf("loader: %s: %w", q, err)
		}
	}
	return nil
}

func (l *Loader) begin() (err error) {
	l.tx, err = l.s.db.BeginTx(l.ctx, nil)
	return err
}

func (l *Loader) add(table string, args ...any) error {
	b := l.byName[table]
	if len(args) != b.cols {
		return fmt.Errorf("loader: %s takes %d values, got %d", table, b.cols, len(args))
	}
	if !validArgs(args) {
		return fmt.Errorf("loader: %s: %w", table, haki.InvalidText())
	}
	b.args, b.rows = append(b.args, args...), b.rows+1
	l.counts[table]++
	if b.rows >= rowsPerInsert {
		return l.flush()
	}
	return nil
}

// flush writes every buffered row, parents first, so foreign keys hold.
func (l *Loader) flush() error {
	for _, b := range l.tables {
		if b.rows == 0 {
			continue
		}
		row := "(" + placeholders(b.cols) + ")"
		q := b.head + strings.TrimSuffix(strings.Repeat(row+", ", b.rows), ", ")
		if _, err := l.tx.ExecContext(l.ctx, l.s.d.rebind(q), b.args...); err != nil {
			return fmt.Errorf("loader: insert into %s: %w", b.table, err)
		}
		b.args, b.rows = b.args[:0], 0
	}
	return nil
}

func (l *Loader) noteRef(ref string) {
	i := strings.LastIndexByte(ref, '-')
	if i < 0 {
		return
	}
	n, _ := strconv.Atoi(ref[i+1:])
	if n > l.refs[ref[:i]] {
		l.refs[ref[:i]] = n
	}
}

// Team adds a team.
func (l *Loader) Team(t *haki.Team) error {
	return l.add("teams", t.ID, t.Name, fmtTime(l.s.Now()))
}

// User adds an account. Accounts given the same password share one hash
// (the demo's accounts all have the demo password), so the demo starts in
// a second rather than paying argon2's cost per account.
func (l *Loader) User(u *haki.User, password string) error {
	if err := u.Validate(); err != nil {
		return fmt.Errorf("loader: user %s: %w", u.Username, err)
	}
	hash, ok := l.hashes[password]
	if !ok {
		var err error
		if hash, err = l.s.hashPassword(l.ctx, password); err != nil {
			return err
		}
		l.hashes[password] = hash
	}
	if u.Language == "" {
		u.Language = "en"
	}
	return l.add("users", u.ID, u.Username, u.DisplayName, string(u.Role), nullString(u.TeamID), u.Language, hash, boolInt(u.Disabled),
		fmtTime(u.CreatedAt), fmtTime(u.UpdatedAt))
}

// Institution adds a station or unit.
func (l *Loader) Institution(in *haki.Institution) error {
	return l.add("institutions", in.ID, in.ServiceCode, in.Kind, in.Name, nullString(in.CountyCode), 1)
}

// dataKey makes a data key, queues it, and returns its id and key.
func (l *Loader) dataKey() (string, []byte, error) {
	id, key := newID(), vault.NewDataKey()
	wrapped, master := l.s.keys.Wrap(key)
	return id, key, l.add("data_keys", id, master, wrapped, fmtTime(l.s.Now()))
}

// Person adds a person, sealed with a data key of their own, and their
// blind-index tokens.
func (l *Loader) Person(p *haki.Person) error {
	l.noteRef(p.Ref)
	keyID, key, err := l.dataKey()
	if err != nil {
		return err
	}
	args := append([]any{p.ID, p.Ref}, personArgs(p, sealer{key, "person", p.ID})...)
	if err := l.add("persons", append(args, nullString(p.CreatedBy), fmtTime(p.CreatedAt), fmtTime(p.UpdatedAt), keyID, 1)...); err != nil {
		return err
	}
	for _, t := range l.s.personTokens(p) {
		if err := l.add("person_tokens", t, p.ID); err != nil {
			return err
		}
	}
	return nil
}

// Incident adds an incident with its types; every commitEvery incidents it
// commits and starts a new transaction.
func (l *Loader) Incident(inc *haki.Incident) error {
	if l.pending >= commitEvery {
		if err := l.commit(); err != nil {
			return err
		}
	}
	l.pending++
	for _, name := range summaryReports {
		if slices.ContainsFunc(inc.Types, func(t string) bool { return slices.Contains(haki.ReportTypes[name], t) }) {
			l.summaryIDs[name] = append(l.summaryIDs[name], inc.ID)
		}
	}
	l.noteRef(inc.Ref)
	clear(l.incidentKeys)
	clear(l.actIncident)
	keyID, key, err := l.dataKey()
	if err != nil {
		return err
	}
	l.incidentKeys[inc.ID] = key
	args := append([]any{inc.ID, inc.Ref}, l.s.incidentArgs(inc, sealer{key, "incident", inc.ID})...)
	if err := l.add("incidents", append(args, inc.VictimCount, nullString(inc.CreatedBy), fmtTime(inc.CreatedAt), fmtTime(inc.UpdatedAt), keyID, 1)...); err != nil {
		return err
	}
	for _, t := range dedupe(inc.Types) {
		if err := l.add("incident_types", inc.ID, t); err != nil {
			return err
		}
	}
	return nil
}

// incidentKey returns the key of an incident loaded just before its parts.
func (l *Loader) incidentKey(id string) ([]byte, error) {
	if key, ok := l.incidentKeys[id]; ok {
		return key, nil
	}
	return nil, fmt.Errorf("loader: the parts of incident %s must follow it", id)
}

// Act adds an act with its consequences.
func (l *Loader) Act(a *haki.Act) error {
	key, err := l.incidentKey(a.IncidentID)
	if err != nil {
		return err
	}
	l.actIncident[a.ID] = a.IncidentID
	if err := l.add("acts", a.ID, a.IncidentID, a.VictimID, a.ActType, a.Method, a.VictimStatus, intOrNil(a.VictimAge),
		(sealer{key, "act", a.ID}).seal("notes", a.Notes), 1); err != nil {
		return err
	}
	for _, c := range dedupe(a.Consequences) {
		if err := l.add("act_consequences", a.ID, c); err != nil {
			return err
		}
	}
	return nil
}

// Involvement adds a perpetrator of an act, with their outcomes.
func (l *Loader) Involvement(v *haki.Involvement) error {
	key, err := l.incidentKey(l.actIncident[v.ActID])
	if err != nil {
		return err
	}
	sl := sealer{key, "involvement", v.ID}
	if err := l.add("involvements", v.ID, v.ActID, v.ServiceCode, nullString(v.InstitutionID), sl.seal("officer_name", v.OfficerName),
		sl.seal("officer_service_number", v.OfficerServiceNumber), v.OfficerRank, v.Degree, sl.seal("notes", v.Notes), 1); err != nil {
		return err
	}
	for i := range v.Outcomes {
		o := &v.Outcomes[i]
		if o.ID == "" {
			o.ID = newID()
		}
		osl := sealer{key, "involvement_outcome", o.ID}
		if err := l.add("involvement_outcomes", o.ID, v.ID, i, o.Kind, o.Date.ISO(), precisionOf(o.Date), boolInt(o.Date.Approx), o.SourceKind,
			osl.seal("source_ref", o.SourceRef), osl.seal("notes", o.Notes), nil, fmtTime(l.s.Now())); err != nil {
			return err
		}
	}
	return nil
}

// Source adds a source of an incident.
func (l *Loader) Source(src *haki.Source) error {
	key, err := l.incidentKey(src.IncidentID)
	if err != nil {
		return err
	}
	return l.add("sources", src.ID, src.IncidentID, src.Kind, src.Outlet, src.URL, nullString(src.PersonID),
		(sealer{key, "source", src.ID}).seal("description", src.Description), src.SourceDate.ISO(), precisionOf(src.SourceDate),
		boolInt(src.SourceDate.Approx), src.Reliability, 1)
}

// Case adds a case file with its incidents and assignees.
func (l *Loader) Case(c *haki.Case) error {
	l.noteRef(c.Ref)
	keyID, key, err := l.dataKey()
	if err != nil {
		return err
	}
	if err := l.add("cases", c.ID, c.Ref, c.ClientID, c.ClientRelation, fmtDate(c.IntakeDate), c.IntakeDate.Year(), c.IntakeChannel, c.Status,
		c.ClosureReason, nullString(c.CaseworkerID), nullString(c.TeamID), boolInt(c.Sensitive), (sealer{key, "case", c.ID}).seal("summary", c.Summary),
		nullString(c.CreatedBy), fmtTime(c.CreatedAt), fmtTime(c.UpdatedAt), keyID, 1); err != nil {
		return err
	}
	for _, id := range dedupe(c.IncidentIDs) {
		if err := l.add("case_incidents", c.ID, id); err != nil {
			return err
		}
	}
	for _, id := range dedupe(c.AssigneeIDs) {
		if err := l.add("case_assignments", c.ID, id); err != nil {
			return err
		}
	}
	return nil
}

func (l *Loader) commit() error {
	if err := l.flush(); err != nil {
		return err
	}
	if err := l.summarise(); err != nil {
		return err
	}
	if err := l.tx.Commit(); err != nil {
		return fmt.Errorf("loader: commit: %w", err)
	}
	l.pending = 0
	return l.begin()
}

// Close writes what is buffered, moves the reference counters past every
// loaded reference so new records continue the numbering, audits a summary
// and commits.
func (l *Loader) Close() error {
	if err := l.flush(); err != nil {
		l.Abort()
		return err
	}
	tx := &Tx{s: l.s, tx: l.tx, d: l.s.d, ctx: l.ctx, now: l.s.Now().UTC(), user: haki.SystemUser}
	for key, n := range l.refs {
		prefix, year, _ := strings.Cut(key, "-")
		y, _ := strconv.Atoi(year)
		if _, err := tx.exec(`INSERT INTO ref_counters (prefix, year, last) VALUES (?, ?, ?)
			ON CONFLICT (prefix, year) DO UPDATE SET last = CASE WHEN ref_counters.last > ? THEN ref_counters.last ELSE ? END`, prefix, y, n, n, n); err != nil {
			l.tx.Rollback()
			return err
		}
	}
	if err := l.summarise(); err != nil {
		l.tx.Rollback()
		return err
	}
	err := tx.audit("load", "records", "", nil, l.counts)
	if err == nil {
		err = tx.flushAudit()
	}
	if err != nil {
		l.tx.Rollback()
		return err
	}
	if err := l.tx.Commit(); err != nil {
		l.end()
		return err
	}
	return l.end()
}

// summarise adds the figures of the incidents loaded since the last
// commit to the report summary, in the same transaction, each report
// reading only the incidents of its types. An incident's
// parts are loaded just after it (see incidentKey), so the incidents
// before the next one are complete; their pages are still in the cache.
func (l *Loader) summarise() error {
	tx := &Tx{s: l.s, tx: l.tx, d: l.s.d, ctx: l.ctx, now: l.s.Now().UTC(), user: haki.SystemUser}
	for name, ids := range l.summaryIDs {
		types, err := tx.typesOf(ids)
		if err != nil {
			return err
		}
		if err := tx.applyReportFigures(name, ids, types, 1); err != nil {
			return err
		}
		l.summaryIDs[name] = ids[:0]
	}
	return nil
}

// Abort gives up, rolling back what is not yet committed.
func (l *Loader) Abort() {
	l.tx.Rollback()
	l.end()
}

// Analyze refreshes the planner's statistics after a large load.
func (s *Store) Analyze(ctx context.Context) error {
	_, err := s.db.ExecContext(ctx, "ANALYZE")
	return err
}
