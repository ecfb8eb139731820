-- An incident whose date is unknown (haki.PrecisionUnknown): occurred_on is
-- '' (so it sorts after every dated incident in the newest-first list and
-- lies outside every period), occurred_year and occurred_month are 0, and
-- date_bound holds what is known of it: '' (nothing), '<2010' (before
-- 2010) or '>2015' (after 2015). The reports read such incidents through
-- the prefix occurred_on = '' of incidents_report. The executions report
-- gains breakdowns by year and by incident type, cells the summaries are
-- rebuilt to hold (store/migrate.go).
ALTER TABLE incidents ADD COLUMN date_bound TEXT NOT NULL DEFAULT '';
