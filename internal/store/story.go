package store

import (
	"context"

	"github.com/haki-kenya/haki"
)

// Case stories written for publication (haki.Story). Anyone who may read
// the case reads its stories; staff who may write on the case (PermCaseWrite:
// caseworkers, data managers, administrators) write and edit them; only a
// data manager or administrator (PermVerify) publishes one, and only while
// the case's client has publication consent given (checkConsent, with no
// override). Any edit takes a published story off the portal until it is
// approved again. What the portal shows is decided in portal_story.go.

const storyColumns = `s.id, s.case_id, COALESCE(s.ref, ''), s.title, s.body, COALESCE(s.created_by, ''), s.created_at,
	COALESCE(s.updated_by, ''), s.updated_at, COALESCE(s.published_by, ''), s.published_at, s.version`

// FindStories returns a case's stories, oldest first, each marked whether
// the client's publication consent is given and whether the public sees it.
func (s *Store) FindStories(ctx context.Context, caseID string) ([]*haki.Story, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermCaseRead, "case"); err != nil {
		return nil, err
	}
	var out []*haki.Story
	err := s.read(ctx, func(tx *Tx) error {
		c, err := tx.findCase(caseID)
		if err != nil {
			return err
		}
		out, err = tx.stories(c, "")
		return err
	})
	return out, err
}

// StoryConsent reports whether a case's client has publication consent
// given now (the consent records' rule, consentGiven): what the case page
// shows beside its stories.
func (s *Store) StoryConsent(ctx context.Context, caseID string) (bool, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermCaseRead, "case"); err != nil {
		return false, err
	}
	var given bool
	err := s.read(ctx, func(tx *Tx) error {
		var clientID string
		cond, args := visibleCases("c", tx.user)
		if err := tx.queryRow(`SELECT c.client_id FROM cases c WHERE c.id = ? AND `+cond, append([]any{caseID}, args...)...).Scan(&clientID); err != nil {
			return tx.mapErr(err, "case")
		}
		var err error
		given, err = tx.consentGiven(clientID, haki.ConsentPublication)
		return err
	})
	return given, err
}

// FindStory returns one story of a case the caller may read.
func (s *Store) FindStory(ctx context.Context, caseID, storyID string) (*haki.Story, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermCaseRead, "case"); err != nil {
		return nil, err
	}
	var out *haki.Story
	err := s.read(ctx, func(tx *Tx) error {
		c, err := tx.findCase(caseID)
		if err != nil {
			return err
		}
		out, err = tx.story(c, storyID)
		return err
	})
	return out, err
}

// storyAt reads a story of a visible case for a change, refusing it when
// it is no longer at version (0: any), as a write's first step.
func (tx *Tx) storyAt(caseID, storyID string, version int) (*haki.Case, *haki.Story, error) {
	c, err := tx.findCase(caseID)
	if err != nil {
		return nil, nil, err
	}
	st, err := tx.story(c, storyID)
	if err != nil {
		return nil, nil, err
	}
	if version != 0 && st.Version != version {
		return nil, nil, haki.Errorf(haki.ECONFLICT, "The %s was changed by someone else. Reload it and try again.", "story")
	}
	return c, st, nil
}

// story reads one story of a visible case; any other is not found.
func (tx *Tx) story(c *haki.Case, storyID string) (*haki.Story, error) {
	list, err := tx.stories(c, storyID)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, haki.Errorf(haki.ENOTFOUND, "No such %s.", "story")
	}
	return list[0], nil
}

// stories reads a visible case's stories (or the one of storyID), opened
// with the case's key; the text of a case whose client was erased is gone.
func (tx *Tx) stories(c *haki.Case, storyID string) ([]*haki.Story, error) {
	q, args := `SELECT `+storyColumns+` FROM case_stories s WHERE s.case_id = ?`, []any{c.ID}
	if storyID != "" {
		q, args = q+` AND s.id = ?`, append(args, storyID)
	}
	rows, err := tx.query(q+` ORDER BY s.created_at, s.id`, args...)
	if err != nil {
		return nil, err
	}
	var out []*haki.Story
	for rows.Next() {
		st, err := scanStory(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, st)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	_, key, err := tx.caseKeyForRead(c.ID)
	if err != nil {
		return nil, err
	}
	consent, err := tx.consentGiven(c.ClientID, haki.ConsentPublication)
	if err != nil {
		return nil, err
	}
	for _, st := range out {
		st.Consent = consent
		if key == nil || st.Title == "" && st.Body == "" { // erased with the client
			st.Title, st.Body = "", ""
			continue
		}
		sl := sealer{key, "story", st.ID}
		if st.Title, err = sl.open("title", st.Title); err != nil {
			return nil, err
		}
		if st.Body, err = sl.open("body", st.Body); err != nil {
			return nil, err
		}
		st.OnPortal = st.Published && consent
	}
	if out == nil {
		out = []*haki.Story{}
	}
	return out, nil
}

// scanStory reads a row of storyColumns, still sealed.
func scanStory(row interface{ Scan(...any) error }) (*haki.Story, error) {
	st := &haki.Story{}
	var created, updated, published string
	if err := row.Scan(&st.ID, &st.CaseID, &st.Ref, &st.Title, &st.Body, &st.CreatedBy, &created, &st.UpdatedBy, &updated,
		&st.PublishedBy, &published, &st.Version); err != nil {
		return nil, err
	}
	st.CreatedAt, st.UpdatedAt = parseTime(created), parseTime(updated)
	if published != "" {
		at := parseTime(published)
		st.Published, st.PublishedAt = true, &at
	} else {
		st.PublishedBy = ""
	}
	return st, nil
}

// CreateStory writes a new story on a case the caller may write on; it is
// not published. One audited transaction.
func (s *Store) CreateStory(ctx context.Context, st *haki.Story) error {
	if err := require(haki.UserFromContext(ctx), haki.PermCaseWrite); err != nil {
		return err
	}
	st.Normalize()
	if err := st.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		if _, err := tx.findCase(st.CaseID); err != nil {
			return err
		}
		keyID, key, err := tx.caseKey(st.CaseID)
		if err != nil {
			return err
		}
		st.ID, st.Version = newID(), 1
		st.CreatedBy, st.CreatedAt, st.UpdatedBy, st.UpdatedAt = tx.userID(), tx.now, tx.userID(), tx.now
		st.Ref, st.Published, st.PublishedBy, st.PublishedAt, st.OnPortal = "", false, "", nil, false
		sl := sealer{key, "story", st.ID}
		if _, err := tx.exec(`INSERT INTO case_stories (id, case_id, title, body, created_by, created_at, updated_by, updated_at, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)`, st.ID, st.CaseID, sl.seal("title", st.Title), sl.seal("body", st.Body),
			nullString(st.CreatedBy), fmtTime(tx.now), nullString(st.UpdatedBy), fmtTime(tx.now)); err != nil {
			return tx.mapErr(err, "case")
		}
		return tx.auditSealed("create", "story", st.ID, keyID, key, nil, st)
	})
}

// UpdateStory replaces a story's title and text; st.Version must be the
// version read. A published story is taken off the portal by the edit,
// until a data manager or administrator approves the new version: nothing
// unapproved reaches the public. One audited transaction.
func (s *Store) UpdateStory(ctx context.Context, st *haki.Story) error {
	if err := require(haki.UserFromContext(ctx), haki.PermCaseWrite); err != nil {
		return err
	}
	st.Normalize()
	if err := st.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		c, before, err := tx.storyAt(st.CaseID, st.ID, st.Version)
		if err != nil {
			return err
		}
		keyID, key, err := tx.caseKey(c.ID)
		if err != nil {
			return err
		}
		sl := sealer{key, "story", st.ID}
		if err := tx.execOne("story", `UPDATE case_stories SET title = ?, body = ?, updated_by = ?, updated_at = ?,
			published_by = NULL, published_at = '', version = version + 1 WHERE id = ? AND version = ?`,
			sl.seal("title", st.Title), sl.seal("body", st.Body), nullString(tx.userID()), fmtTime(tx.now), st.ID, st.Version); err != nil {
			return err
		}
		st.Ref, st.CreatedBy, st.CreatedAt = before.Ref, before.CreatedBy, before.CreatedAt
		st.UpdatedBy, st.UpdatedAt, st.Version = tx.userID(), tx.now, before.Version+1
		st.Published, st.PublishedBy, st.PublishedAt, st.OnPortal, st.Consent = false, "", nil, false, before.Consent
		return tx.auditSealed("update", "story", st.ID, keyID, key, before, st)
	})
}

// DeleteStory deletes a story that is not published; a published one is
// unpublished first, by a data manager or administrator. version must be
// the version read. One audited transaction.
func (s *Store) DeleteStory(ctx context.Context, caseID, storyID string, version int) error {
	if err := require(haki.UserFromContext(ctx), haki.PermCaseWrite); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		c, before, err := tx.storyAt(caseID, storyID, version)
		if err != nil {
			return err
		}
		if before.Published {
			pr := haki.Problems{}
			pr.Add("story", "Take the story off the portal before deleting it.")
			return pr.Err()
		}
		if err := tx.execOne("story", `DELETE FROM case_stories WHERE id = ? AND version = ?`, storyID, version); err != nil {
			return err
		}
		keyID, key, err := tx.caseKey(c.ID)
		if err != nil {
			return err
		}
		return tx.auditSealed("delete", "story", storyID, keyID, key, before, nil)
	})
}

// PublishStory approves the version read of a story for the portal: the
// caller must be a data manager or administrator (PermVerify) and the
// case's client must have publication consent given, with no override
// (checkConsent). The first publication gives the story its public
// reference. One audited transaction.
func (s *Store) PublishStory(ctx context.Context, caseID, storyID string, version int) (*haki.Story, error) {
	if err := require(haki.UserFromContext(ctx), haki.PermVerify); err != nil {
		return nil, err
	}
	var st *haki.Story
	err := s.write(ctx, func(tx *Tx) error {
		c, before, err := tx.storyAt(caseID, storyID, version)
		if err != nil {
			return err
		}
		var erased string
		if err := tx.queryRow(`SELECT erased_at FROM persons WHERE id = ?`, c.ClientID).Scan(&erased); err != nil {
			return tx.mapErr(err, "person")
		}
		pr := haki.Problems{}
		switch {
		case before.Published:
			pr.Add("story", "This version of the story is published already.")
		case erased != "" || before.Title == "": // the text went with the client's key (emptyCaseSealed)
			pr.Add("story", "The client's identity was erased: this story can no longer be published.")
		}
		if err := pr.Err(); err != nil {
			return err
		}
		if err := tx.checkConsent(c.ID, haki.ConsentPublication, "story", ""); err != nil {
			return err
		}
		ref := before.Ref
		if ref == "" {
			if ref, err = tx.nextRef("STORY"); err != nil {
				return err
			}
		}
		if err := tx.execOne("story", `UPDATE case_stories SET ref = ?, published_by = ?, published_at = ?
			WHERE id = ? AND version = ?`, ref, nullString(tx.userID()), fmtTime(tx.now), storyID, version); err != nil {
			return err
		}
		after := *before
		at := tx.now
		after.Ref, after.Published, after.PublishedBy, after.PublishedAt, after.OnPortal = ref, true, tx.userID(), &at, true
		keyID, key, err := tx.caseKey(c.ID)
		if err != nil {
			return err
		}
		st = &after
		return tx.auditSealed("publish", "story", storyID, keyID, key, before, st)
	})
	return st, err
}

// UnpublishStory takes a story off the portal; it keeps its text and its
// public reference, for a later approval. PermVerify only; one audited
// transaction.
func (s *Store) UnpublishStory(ctx context.Context, caseID, storyID string) error {
	if err := require(haki.UserFromContext(ctx), haki.PermVerify); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		c, before, err := tx.storyAt(caseID, storyID, 0)
		if err != nil {
			return err
		}
		if !before.Published {
			return haki.Errorf(haki.ENOTFOUND, "This story is not published.")
		}
		if err := tx.execOne("story", `UPDATE case_stories SET published_by = NULL, published_at = '' WHERE id = ?`, storyID); err != nil {
			return err
		}
		after := *before
		after.Published, after.PublishedBy, after.PublishedAt, after.OnPortal = false, "", nil, false
		keyID, key, err := tx.caseKey(c.ID)
		if err != nil {
			return err
		}
		return tx.auditSealed("unpublish", "story", storyID, keyID, key, before, &after)
	})
}
