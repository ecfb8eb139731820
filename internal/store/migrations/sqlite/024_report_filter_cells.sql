-- The summary of the reports with one filter (report_summary_filter.go):
-- per report, filter (fdim: county, type, context, sex, age_band, service,
-- institution) and its code, year, breakdown and code, the victims and
-- incidents the report with that filter counts there; dim '' holds the
-- year's totals. Kept current with report_cells by the transactions that
-- write incidents; filled from the records when this migration runs.
CREATE TABLE report_filter_cells (
	report TEXT NOT NULL,
	fdim TEXT NOT NULL,
	fcode TEXT NOT NULL,
	bucket TEXT NOT NULL,
	dim TEXT NOT NULL,
	code TEXT NOT NULL,
	victims INTEGER NOT NULL,
	incidents INTEGER NOT NULL,
	PRIMARY KEY (report, fdim, fcode, bucket, dim, code)
) WITHOUT ROWID;
