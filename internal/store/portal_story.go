package store

import (
	"context"
	"strings"

	"github.com/haki-kenya/haki"
)

// The public portal's reads of case stories: every rule of which story the
// public may see is here, beside portal.go's for incidents. Anyone may
// call these functions; no caller is needed, and none changes what they
// return.
//
// A story is shown only while, at the moment of reading:
//   - a data manager or administrator approved its current version
//     (published_at is set, and any edit clears it: story.go);
//   - the case's client has publication consent given now, with no
//     override counting (publicationConsented, the incidents' own check):
//     a withdrawal takes it off at once;
//   - the client's identity was not erased nor the case anonymised, and
//     the case's key still opens the text.
//
// Of such a story the portal gets its public reference, its title and text
// exactly as approved, and the day it was published: nothing of the case.

// portalStoryWhere is the condition (alias s, c, p) of the stories the
// portal may consider; the consent is checked per story after.
const portalStoryWhere = `s.published_at <> '' AND s.ref IS NOT NULL AND c.anonymised_at = '' AND p.erased_at = ''`

// PortalStories returns the published stories, newest publication first,
// skipping the first offset and at most limit (all when 0).
func (s *Store) PortalStories(ctx context.Context, offset, limit int) ([]haki.PortalStory, error) {
	var out []haki.PortalStory
	err := s.read(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.portalStories(portalStoryWhere, nil, offset, limit)
		return err
	})
	if out == nil {
		out = []haki.PortalStory{}
	}
	return out, err
}

// PortalStory returns one published story by its public reference; a
// story the portal may not show is not found.
func (s *Store) PortalStory(ctx context.Context, ref string) (*haki.PortalStory, error) {
	var out *haki.PortalStory
	err := s.read(ctx, func(tx *Tx) error {
		list, err := tx.portalStories(portalStoryWhere+` AND s.ref = ?`, []any{strings.ToUpper(strings.TrimSpace(ref))}, 0, 1)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			return haki.Errorf(haki.ENOTFOUND, "No such published story.")
		}
		out = &list[0]
		return nil
	})
	return out, err
}

// portalStories reads the stories matching where, checks each client's
// consent and opens what may be shown.
func (tx *Tx) portalStories(where string, args []any, offset, limit int) ([]haki.PortalStory, error) {
	rows, err := tx.query(`SELECT s.id, s.ref, s.title, s.body, s.published_at, c.id, c.client_id,
		COALESCE(ck.master_id, ''), COALESCE(ck.wrapped, '')
		FROM case_stories s JOIN cases c ON c.id = s.case_id JOIN persons p ON p.id = c.client_id
		LEFT JOIN data_keys ck ON ck.id = c.key_id
		WHERE `+where+` ORDER BY s.published_at DESC, s.id DESC`, args...)
	if err != nil {
		return nil, err
	}
	type candidate struct {
		id, title, body, published, master, wrapped string
		client                                      publicationClient
		story                                       haki.PortalStory
	}
	var cands []candidate
	for rows.Next() {
		var c candidate
		if err := rows.Scan(&c.id, &c.story.Ref, &c.title, &c.body, &c.published, &c.client.caseID, &c.client.clientID,
			&c.master, &c.wrapped); err != nil {
			rows.Close()
			return nil, err
		}
		cands = append(cands, c)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	var out []haki.PortalStory
	for _, c := range cands {
		if limit > 0 && len(out) == limit {
			break
		}
		if ok, err := tx.publicationConsented([]publicationClient{c.client}); err != nil {
			return nil, err
		} else if !ok {
			continue
		}
		key, err := tx.s.unwrapJoined(c.master, c.wrapped)
		if err != nil {
			return nil, err
		}
		if key == nil || c.title == "" {
			continue // erased with the client
		}
		if offset > 0 {
			offset--
			continue
		}
		st := c.story
		sl := sealer{key, "story", c.id}
		if st.Title, err = sl.open("title", c.title); err != nil {
			return nil, err
		}
		if st.Body, err = sl.open("body", c.body); err != nil {
			return nil, err
		}
		st.PublishedAt = parseTime(c.published)
		out = append(out, st)
	}
	return out, nil
}
