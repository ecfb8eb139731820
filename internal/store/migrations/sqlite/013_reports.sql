-- The standard reports read a period's incidents with their acts,
-- victims and perpetrators in one ordered scan. These indexes hold every
-- column that scan reads, so it never touches the wide rows (sealed titles,
-- narratives and names) of incidents, acts and persons.
CREATE INDEX incidents_report ON incidents(occurred_on, id, date_precision, occurred_year, occurred_month, county_code, context);
CREATE INDEX acts_report ON acts(incident_id, act_type, victim_status, victim_id, method, victim_age, id);
CREATE INDEX persons_report ON persons(id, sex, birth_date, birth_precision);
CREATE INDEX involvements_report ON involvements(act_id, service_code, institution_id);
