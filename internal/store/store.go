package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/vault"
)

// Store is Haki's database.
type Store struct {
	db  *sql.DB // writes; for SQLite a single connection
	rdb *sql.DB // reads; for SQLite a pool beside the writer, for PostgreSQL the same pool
	d   dialect
	// Now is the clock; each transaction reads it once.
	Now func() time.Time
	// BaseURL is the public address of the server, for the link in the
	// messages notifications send; empty leaves the link out.
	BaseURL string
	// Password holds the argon2id costs for new hashes; tests lower them.
	Password PasswordParams
	// hashing bounds the password hashes that run at once (SetHashLimit).
	hashing *passwordGate
	keys    *vault.Keyring // the master keys, from outside the database
	index   *vault.Indexer // keyed blind-index tokens; set by Migrate
	secrets []byte         // the data key of account secrets; set by Migrate
	writes  writeCounts
	// checkpoint anchors the audit chain outside the database; nil for none.
	checkpoint *checkpointFile
	// revealQueue groups the view entries of concurrent requests (audit_reveal.go).
	revealQueue revealQueue
	heavy       chan struct{} // turns of the heavy reads (heavy_read.go)
	// boundaries holds the places' boundaries parsed, by code (vocab_place.go).
	boundaries sync.Map
}

// Open connects to the database named by dsn: a postgres:// or
// postgresql:// URL, or else the path of a SQLite file, created if missing.
// Identifiers are sealed with data keys that the keyring's master key
// wraps. It does not migrate; call Migrate, which also checks that the
// keyring opens this database's data.
func Open(ctx context.Context, dsn string, keys *vault.Keyring) (*Store, error) {
	if keys == nil {
		return nil, errors.New("store: no master key")
	}
	s := &Store{Now: time.Now, Password: DefaultPasswordParams, keys: keys, heavy: make(chan struct{}, heavyReads)}
	s.hashing = newPasswordGate(DefaultHashLimit)
	var err error
	if IsPostgres(dsn) {
		s.d = postgresDialect{}
		if s.db, err = sql.Open("pgx", dsn); err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		s.db.SetMaxOpenConns(16)
		s.db.SetMaxIdleConns(16)
		s.rdb = s.db
	} else {
		s.d = sqliteDialect{}
		if s.db, err = openSQLite(dsn, true); err != nil {
			return nil, err
		}
		if s.rdb, err = openSQLite(dsn, false); err != nil {
			s.db.Close()
			return nil, err
		}
	}
	if err := s.db.PingContext(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("connect to the %s database: %w", s.d.name(), redactDSN(err, dsn))
	}
	return s, nil
}

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// openSQLite opens the file with WAL, foreign keys, a busy timeout and
// synchronous=FULL, so a commit that returned is on disk. The writer takes
// the write lock at BEGIN, so two writers queue instead of deadlocking.
func openSQLite(path string, writer bool) (*sql.DB, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("sqlite path: %w", err)
	}
	q := url.Values{}
	// Memory is bounded by the page caches: 64 MiB for the writer (SQLite's
	// default is 2 MiB), whose cache stays valid across its own commits, and
	// 16 MiB for each reader, whose cache SQLite empties whenever another
	// connection has committed since its last read (so, under writes, a big
	// one is refilled from the operating system's file cache anyway). All
	// of SQLite's memory together is held under sqliteHeapLimit: past it the
	// caches recycle pages instead of growing.
	//
	// The first sqliteMmapSize bytes of the file are read through a memory
	// map: a reader whose cache was emptied by another commit finds those
	// pages again without a system call or a copy (a fifth of the CPU under
	// load was reading pages back, docs/PERFORMANCE.md). Mapped pages are the
	// operating system's file cache, shared and reclaimable.
	cache := "cache_size(-16384)"
	if writer {
		cache = "cache_size(-65536)"
	}
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "foreign_keys(1)", "synchronous(FULL)", cache,
		"temp_store(MEMORY)", fmt.Sprintf("mmap_size(%d)", sqliteMmapSize), fmt.Sprintf("soft_heap_limit(%d)", sqliteHeapLimit)} {
		q.Add("_pragma", p)
	}
	if writer {
		q.Set("_txlock", "immediate")
	} else {
		q.Add("_pragma", "query_only(1)")
	}
	db := sql.OpenDB(newStmtConnector("file:" + abs + "?" + q.Encode()))
	if writer {
		db.SetMaxOpenConns(1)
	} else {
		db.SetMaxOpenConns(readPoolSize)
		db.SetMaxIdleConns(readPoolSize)
		// A reader idle for a while is closed, and its cache freed: the
		// server returns to its idle size after a busy hour.
		db.SetConnMaxIdleTime(readIdleTime)
	}
	db.SetConnMaxLifetime(0)
	return db, nil
}

// readPoolSize is how many SQLite read connections run at once.
const readPoolSize = 8

// readIdleTime is how long an unused SQLite read connection stays open.
const readIdleTime = 30 * time.Second

// sqliteHeapLimit is the soft limit of the memory SQLite allocates, for all
// its connections together.
const sqliteHeapLimit = 256 << 20

// sqliteMmapSize is how much of the database file SQLite reads through a
// memory map: all of a small organisation's database, and a bounded part
// of the resident memory of a large one.
const sqliteMmapSize = 64 << 20

// redactDSN keeps a password in the URL out of error messages.
func redactDSN(err error, dsn string) error {
	if u, perr := url.Parse(dsn); perr == nil && u.User != nil {
		if pw, ok := u.User.Password(); ok && pw != "" {
			return errors.New(strings.ReplaceAll(err.Error(), pw, "xxxxx"))
		}
	}
	return err
}

// Close closes the connections.
func (s *Store) Close() error {
	var err error
	if s.rdb != nil && s.rdb != s.db {
		err = s.rdb.Close()
	}
	if s.db != nil {
		err = errors.Join(err, s.db.Close())
	}
	return err
}

// Dialect returns "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.d.name() }

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	return s.rdb.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// DB returns the read pool, for benchmarks that compare the store with
// hand-written SQL. Nothing else should use it.
func (s *Store) DB() *sql.DB { return s.rdb }

// Tx is a transaction with the user it acts for and one fixed now.
type Tx struct {
	s    *Store
	tx   *sql.Tx
	d    dialect
	ctx  context.Context
	now  time.Time
	user *haki.User
	// pendingAudit holds the audit entries of the transaction until commit.
	pendingAudit []*chainEntry
	// touched holds the incidents whose report figures the transaction
	// took out of the summary, to put back before commit (report_summary.go).
	touched map[string]bool
	// execs counts the statements run through exec outside the audit
	// chain's append: what tells bookkeeping from an audit-only write.
	execs int
	// auditing is set while the audit chain is appended to;
	// auditAppended once an entry was.
	auditing, auditAppended bool
	// head is the audit head after the transaction's last append, for the
	// checkpoint file after commit; nil when it appended nothing.
	head *chainHead
	// readOnly is set for reads; revealed holds what a read opened, by
	// kind of record, to audit after commit (audit_reveal.go).
	readOnly bool
	revealed map[string]map[string]bool
	// lookups, when set, answers checkTerm and checkPlace from memory:
	// a batch loads the vocabularies and places once (batch_lookup.go).
	lookups *lookups
}

// write runs fn in a read-write transaction, committed when fn returns nil.
func (s *Store) write(ctx context.Context, fn func(tx *Tx) error) error {
	return s.run(ctx, s.db, false, fn)
}

// read runs fn in a transaction on the read pool, so the queries of one
// method see one snapshot.
func (s *Store) read(ctx context.Context, fn func(tx *Tx) error) error {
	return s.run(ctx, s.rdb, true, fn)
}

func (s *Store) run(ctx context.Context, db *sql.DB, readOnly bool, fn func(tx *Tx) error) error {
	sqlTx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	tx := &Tx{s: s, tx: sqlTx, d: s.d, ctx: ctx, now: s.Now().UTC(), user: haki.UserFromContext(ctx), readOnly: readOnly}
	if err := fn(tx); err != nil {
		sqlTx.Rollback()
		return err
	}
	if err := tx.settleReports(); err != nil {
		sqlTx.Rollback()
		return err
	}
	if err := tx.flushAudit(); err != nil {
		sqlTx.Rollback()
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	if !readOnly {
		s.writes.count(tx)
	}
	if tx.head != nil {
		s.advanceCheckpoint(*tx.head, tx.now)
	}
	return tx.settleReveals()
}

// exec, query and queryRow run a statement in the transaction; all three
// refuse text arguments that are not haki.ValidText (text.go).
func (tx *Tx) exec(q string, args ...any) (sql.Result, error) {
	if !validArgs(args) {
		return nil, haki.InvalidText()
	}
	if !tx.auditing {
		tx.execs++
	}
	return tx.tx.ExecContext(tx.ctx, tx.d.rebind(q), args...)
}

func (tx *Tx) query(q string, args ...any) (*sql.Rows, error) {
	if !validArgs(args) {
		return nil, haki.InvalidText()
	}
	return tx.tx.QueryContext(tx.ctx, tx.d.rebind(q), args...)
}

func (tx *Tx) queryRow(q string, args ...any) row {
	if !validArgs(args) {
		return refusedRow{haki.InvalidText()}
	}
	return tx.tx.QueryRowContext(tx.ctx, tx.d.rebind(q), args...)
}

// userID returns the acting user's id, or "" for the system (a command).
func (tx *Tx) userID() string {
	if tx.user == nil {
		return ""
	}
	return tx.user.ID
}

// execOne runs an UPDATE or DELETE that must touch exactly one row; none
// means the record changed or went away since the caller read it.
func (tx *Tx) execOne(what string, q string, args ...any) error {
	res, err := tx.exec(q, args...)
	if err != nil {
		return tx.mapErr(err, what)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n != 1 {
		return haki.Errorf(haki.ECONFLICT, "The %s was changed by someone else. Reload it and try again.", what)
	}
	return nil
}

// mapErr turns constraint failures into errors a user can act on.
func (tx *Tx) mapErr(err error, what string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, sql.ErrNoRows):
		return haki.Errorf(haki.ENOTFOUND, "No such %s.", what)
	case tx.d.isUnique(err):
		return haki.Errorf(haki.ECONFLICT, "This %s already exists.", what)
	case tx.d.isForeignKey(err):
		return haki.Errorf(haki.ECONFLICT, "This %s is still referred to by other records, or refers to one that does not exist.", what)
	}
	return err
}

const timeLayout = "2006-01-02T15:04:05.000000Z"

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}

func parseTime(s string) time.Time {
	t, _ := time.Parse(timeLayout, s)
	return t
}

func fmtDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func parseDate(s string) time.Time {
	t, _ := time.Parse(time.DateOnly, s)
	return t
}

// newID returns a version 7 UUID: 48 bits of Unix milliseconds, then
// random bits. Ids made later sort later, so inserts append to the end of
// each index rather than touching random pages. The milliseconds are the
// wall clock's, not Store.Now's: ids must sort in the order rows were made
// even when a test or the demo sets the store's clock back.
func newID() string {
	var b [16]byte
	if _, err := rand.Read(b[6:]); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	ms := uint64(time.Now().UnixMilli())
	for i := 5; i >= 0; i, ms = i-1, ms>>8 {
		b[i] = byte(ms)
	}
	b[6] = b[6]&0x0f | 0x70
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// nullString stores "" as NULL, for optional references.
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// placeholders returns n comma-separated question marks.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
