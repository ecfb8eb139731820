// Package store keeps Haki's records in SQLite (embedded, the default) or
// PostgreSQL. It is the only package that speaks SQL, and the place where
// the rules every caller would otherwise have to remember are kept.
//
// # Rooms
//
// One file per aggregate, named for it: incident.go, person.go, case.go,
// case_consent.go, network_referral.go, calendar_event.go, report.go and so on; a room
// with several files shares their prefix (calendar*.go, report*.go,
// audit*.go, privacy*.go, evidence*.go). dialect.go holds every difference
// between the two engines; migrations/{sqlite,postgres} the numbered
// schema changes, run by Migrate.
//
// # Transactions and now
//
// Every exported method takes ctx first and is one transaction: Store.write
// (the single writer) or Store.read (a snapshot from the read pool) hands
// an unexported helper a *Tx, which carries the user from ctx and one fixed
// instant, tx.now, read once from Store.Now. Everything a transaction
// stamps or checks uses tx.now: created and updated times, audit entries,
// and the domain's date rules (x.Normalize(); x.Validate(tx.now)), so a
// test sets Store.Now and the whole store runs at that instant.
//
// Before commit, run settles what the transaction owes: a write that
// changes what an incident counts in the reports calls touchIncidents,
// which takes the incident's figures out of the report summaries, and
// settleReports puts them back as they now are (report_summary.go,
// report_summary_filter.go); the
// audit entries the transaction gathered are then chained and written
// (audit.go, audit_chain.go). A failure anywhere rolls all of it back.
//
// # Access
//
// The access rules are applied where records are read: require checks a
// role's permission (access.go), and the visible* conditions of access.go
// join every query that lists or finds records, so no caller can forget
// them. A record the caller may not see is "not found", never "forbidden".
// Identifiers and free text that could name someone are sealed under data
// keys (keys.go) and searched through blind-index tokens.
//
// # What the store reveals
//
// The store audits what it does and what it shows, so that no handler has
// to remember to: writes and exports record their entries in their own
// transaction, and reads that open identities or sealed free text note what
// they revealed for a "view" entry (audit_reveal.go). docs/SECURITY.md says
// what is recorded.
package store
