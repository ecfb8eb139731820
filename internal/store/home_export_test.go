package store

import "context"

// HomePlans returns SQLite's query plans of the home page's incident
// lists, for a test that they read an index and scan no table.
func (s *Store) HomePlans(ctx context.Context) ([]string, error) {
	var out []string
	for _, where := range []string{homeSubmissionsWhere, homeQueueWhere} {
		rows, err := s.rdb.QueryContext(ctx, `EXPLAIN QUERY PLAN `+homeIncidentsSQL+where+` LIMIT 9`, "x")
		if err != nil {
			return nil, err
		}
		plan := ""
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				rows.Close()
				return nil, err
			}
			plan += detail + "; "
		}
		rows.Close()
		out = append(out, plan)
	}
	return out, nil
}
