-- The summary the executions and torture reports and the home page read
-- (report_summary.go): per report, month ("2024-03") or year ("2024", for
-- incidents known only to their year), breakdown and code, the victims and
-- incidents counted there. dim '' holds the bucket's totals, dim 'day' the
-- totals of each day. Kept current by the transactions that write
-- incidents; filled from the records when this migration runs.
CREATE TABLE report_cells (
	report TEXT NOT NULL,
	bucket TEXT NOT NULL,
	dim TEXT NOT NULL,
	code TEXT NOT NULL,
	victims INTEGER NOT NULL,
	incidents INTEGER NOT NULL,
	PRIMARY KEY (report, bucket, dim, code)
);
