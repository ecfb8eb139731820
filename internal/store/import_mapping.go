package store

import (
	"context"

	"github.com/haki-kenya/haki"
)

// Saved import mappings: the organisation's, seen and saved by those who
// may import (PermBatch).

const importMappingColumns = `id, name, mapping, created_by, updated_at, version`

func scanImportMapping(row interface{ Scan(...any) error }) (*haki.ImportMapping, error) {
	m := &haki.ImportMapping{}
	var updated string
	if err := row.Scan(&m.ID, &m.Name, &m.Mapping, &m.CreatedBy, &updated, &m.Version); err != nil {
		return nil, err
	}
	m.UpdatedAt = parseTime(updated)
	return m, nil
}

// SaveImportMapping stores a mapping under its name, replacing the one of
// that name if there is one; m gets its id and version.
func (s *Store) SaveImportMapping(ctx context.Context, m *haki.ImportMapping) error {
	u := haki.UserFromContext(ctx)
	if err := require(u, haki.PermBatch); err != nil {
		return err
	}
	m.Normalize()
	if err := m.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		old, err := scanImportMapping(tx.queryRow(`SELECT `+importMappingColumns+` FROM import_mappings WHERE name = ?`, m.Name))
		switch {
		case isNoRows(err):
			m.ID, m.CreatedBy, m.UpdatedAt, m.Version = newID(), u.ID, tx.now, 1
			if _, err := tx.exec(`INSERT INTO import_mappings (id, name, mapping, created_by, created_at, updated_at, version)
				VALUES (?, ?, ?, ?, ?, ?, 1)`, m.ID, m.Name, m.Mapping, u.ID, fmtTime(tx.now), fmtTime(tx.now)); err != nil {
				return tx.mapErr(err, "import mapping")
			}
			return tx.audit("create", "import_mapping", m.ID, nil, map[string]string{"name": m.Name})
		case err != nil:
			return err
		}
		m.ID, m.CreatedBy, m.UpdatedAt, m.Version = old.ID, old.CreatedBy, tx.now, old.Version+1
		if err := tx.execOne("import mapping", `UPDATE import_mappings SET mapping = ?, updated_at = ?, version = ? WHERE id = ?`,
			m.Mapping, fmtTime(tx.now), m.Version, m.ID); err != nil {
			return err
		}
		return tx.audit("update", "import_mapping", m.ID, map[string]string{"name": old.Name}, map[string]string{"name": m.Name})
	})
}

// FindImportMappings returns the saved mappings by name.
func (s *Store) FindImportMappings(ctx context.Context) ([]*haki.ImportMapping, error) {
	if err := require(haki.UserFromContext(ctx), haki.PermBatch); err != nil {
		return nil, err
	}
	var out []*haki.ImportMapping
	err := s.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(`SELECT ` + importMappingColumns + ` FROM import_mappings ORDER BY name LIMIT 500`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			m, err := scanImportMapping(rows)
			if err != nil {
				return err
			}
			out = append(out, m)
		}
		return rows.Err()
	})
	return out, err
}

// FindImportMappingByID returns a saved mapping.
func (s *Store) FindImportMappingByID(ctx context.Context, id string) (*haki.ImportMapping, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermBatch, "import mapping"); err != nil {
		return nil, err
	}
	var m *haki.ImportMapping
	err := s.read(ctx, func(tx *Tx) (err error) {
		m, err = scanImportMapping(tx.queryRow(`SELECT `+importMappingColumns+` FROM import_mappings WHERE id = ?`, id))
		if isNoRows(err) {
			return haki.Errorf(haki.ENOTFOUND, "Import mapping not found.")
		}
		return err
	})
	return m, err
}
