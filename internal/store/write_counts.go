package store

import "sync/atomic"

// writeCounts counts the committed write transactions: on SQLite each one
// holds the only writer connection, so a read that writes makes every
// reader queue behind every other.
type writeCounts struct {
	all       atomic.Int64 // every committed write transaction
	auditOnly atomic.Int64 // those whose only statements appended to the audit chain
}

func (c *writeCounts) count(tx *Tx) {
	c.all.Add(1)
	if tx.execs == 0 && tx.auditAppended {
		c.auditOnly.Add(1)
	}
}

// WriteCounts is how many write transactions the store has committed since
// it was opened.
type WriteCounts struct {
	All int64
	// AuditOnly counts those that only appended audit entries (a read of
	// identities is recorded: a write the law asks for, not bookkeeping).
	AuditOnly int64
}

// Other is the write transactions that did more than append to the audit
// chain, or nothing at all while holding the writer.
func (c WriteCounts) Other() int64 { return c.All - c.AuditOnly }

// WriteCounts returns the store's counts of committed write transactions,
// for tests and the load benchmark: a page that only reads must add none
// but audit-only ones.
func (s *Store) WriteCounts() WriteCounts {
	return WriteCounts{All: s.writes.all.Load(), AuditOnly: s.writes.auditOnly.Load()}
}
