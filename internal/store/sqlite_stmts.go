package store

import (
	"context"
	"database/sql/driver"
	"fmt"

	"modernc.org/sqlite"
)

// SQLite parses and plans a statement each time it is prepared, and
// database/sql prepares every query it is given afresh: under load that was
// about a tenth of the server's CPU (docs/PERFORMANCE.md). Each SQLite
// connection here keeps the statements it has run, by their text, and runs
// them again with new arguments. PostgreSQL's driver (pgx) keeps its own.

// maxCachedStmts bounds the statements one connection keeps. The store's
// statements are fixed texts, apart from lists of placeholders whose length
// varies; past the bound an idle one is let go.
const maxCachedStmts = 200

// stmtConnector opens SQLite connections that keep their statements.
type stmtConnector struct {
	dsn    string
	driver *sqlite.Driver
}

func newStmtConnector(dsn string) driver.Connector {
	return &stmtConnector{dsn: dsn, driver: &sqlite.Driver{}}
}

func (c *stmtConnector) Connect(context.Context) (driver.Conn, error) {
	dc, err := c.driver.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	sc, ok := dc.(sqliteConn)
	if !ok {
		dc.Close()
		return nil, fmt.Errorf("sqlite connection %T lacks an interface the store uses", dc)
	}
	return &stmtConn{conn: sc, stmts: map[string]*cachedStmt{}}, nil
}

func (c *stmtConnector) Driver() driver.Driver { return c.driver }

// sqliteConn is what the SQLite driver's connection offers.
type sqliteConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.QueryerContext
	driver.ExecerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

// stmtConn is one SQLite connection and its statements. database/sql uses
// a connection from one goroutine at a time, so it needs no lock.
type stmtConn struct {
	conn  sqliteConn
	stmts map[string]*cachedStmt
}

// cachedStmt is a prepared statement; busy while rows read from it are
// open, when a second use of the same text on the connection (a query run
// while iterating its own results) is prepared afresh instead.
type cachedStmt struct {
	stmt driver.Stmt
	busy bool
}

// stmt returns the connection's statement for q, preparing it the first
// time, or nil when it is in use.
func (c *stmtConn) stmt(ctx context.Context, q string) (*cachedStmt, error) {
	if cs, ok := c.stmts[q]; ok {
		if cs.busy {
			return nil, nil
		}
		return cs, nil
	}
	st, err := c.conn.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	if len(c.stmts) >= maxCachedStmts {
		for k, old := range c.stmts {
			if !old.busy {
				old.stmt.Close()
				delete(c.stmts, k)
				break
			}
		}
	}
	cs := &cachedStmt{stmt: st}
	c.stmts[q] = cs
	return cs, nil
}

func (c *stmtConn) QueryContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Rows, error) {
	cs, err := c.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	if cs == nil {
		return c.conn.QueryContext(ctx, q, args)
	}
	rows, err := cs.stmt.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		return nil, err
	}
	cs.busy = true
	return &cachedRows{Rows: rows, cs: cs}, nil
}

func (c *stmtConn) ExecContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Result, error) {
	cs, err := c.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	if cs == nil {
		return c.conn.ExecContext(ctx, q, args)
	}
	return cs.stmt.(driver.StmtExecContext).ExecContext(ctx, args)
}

func (c *stmtConn) Prepare(q string) (driver.Stmt, error) { return c.conn.Prepare(q) }

func (c *stmtConn) PrepareContext(ctx context.Context, q string) (driver.Stmt, error) {
	return c.conn.PrepareContext(ctx, q)
}

func (c *stmtConn) Begin() (driver.Tx, error) {
	return c.conn.BeginTx(context.Background(), driver.TxOptions{})
}

func (c *stmtConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return c.conn.BeginTx(ctx, opts)
}

func (c *stmtConn) Ping(ctx context.Context) error { return c.conn.Ping(ctx) }

func (c *stmtConn) ResetSession(ctx context.Context) error { return c.conn.ResetSession(ctx) }

func (c *stmtConn) IsValid() bool { return c.conn.IsValid() }

// Close lets the statements go, then the connection.
func (c *stmtConn) Close() error {
	for _, cs := range c.stmts {
		cs.stmt.Close()
	}
	c.stmts = nil
	return c.conn.Close()
}

// cachedRows frees its statement for the next use when closed.
type cachedRows struct {
	driver.Rows
	cs *cachedStmt
}

func (r *cachedRows) Close() error {
	err := r.Rows.Close()
	r.cs.busy = false
	return err
}
