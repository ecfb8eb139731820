package store

import (
	"encoding/json"

	"github.com/haki-kenya/haki"
)

// mergePersons merges req.MergedID into req.SurvivorID (see merge.go): the
// acts, sources, cases, consents, appointments and publication choices of
// the merged person move to the survivor; the survivor takes the chosen
// fields and keeps the merged person's names as other names.
func (tx *Tx) mergePersons(m *haki.Merge, req haki.MergeRequest) error {
	survivor, err := tx.findPerson(req.SurvivorID)
	if err != nil {
		return err
	}
	merged, err := tx.findPerson(req.MergedID)
	if err != nil {
		return err
	}
	if err := mergeReady(req, survivor.Redacted || merged.Redacted, survivor.Ref, survivor.Version, merged.Ref, merged.Version); err != nil {
		return err
	}
	keyID, key, err := tx.personKey(survivor.ID)
	if err != nil {
		return err
	}
	if err := tx.beginMerge(m, keyID, key, survivor); err != nil {
		return err
	}
	// The victims' sex and age are in the reports' figures.
	if err := tx.touchIncidentsOf(`SELECT incident_id FROM acts WHERE victim_id = ? OR victim_id = ?`, survivor.ID, merged.ID); err != nil {
		return err
	}
	if _, err := tx.moveAll(m, merged.ID, survivor.ID); err != nil {
		return err
	}
	incidents, err := tx.strings(`SELECT DISTINCT incident_id FROM acts WHERE victim_id = ?`, survivor.ID)
	if err != nil {
		return err
	}
	for _, id := range incidents {
		if err := tx.recountVictims(id); err != nil {
			return err
		}
	}
	after := haki.MergedPerson(survivor, merged, req.Take)
	if err := tx.writePerson(after, key); err != nil {
		return err
	}
	if _, err := tx.exec(`UPDATE persons SET merged_into = ?, updated_at = ?, version = version + 1 WHERE id = ?`,
		survivor.ID, fmtTime(tx.now), merged.ID); err != nil {
		return err
	}
	return tx.finishMerge(m, after.Version)
}

// writePerson stores p's fields over its row (whatever its version) with
// its tokens, and sets p.Version to the new version.
func (tx *Tx) writePerson(p *haki.Person, key []byte) error {
	if err := tx.checkPerson(p, p); err != nil {
		return err
	}
	if err := tx.touchIncidentsOf(`SELECT incident_id FROM acts WHERE victim_id = ?`, p.ID); err != nil {
		return err
	}
	args := append(personArgs(p, sealer{key, "person", p.ID}), fmtTime(tx.now), p.ID)
	if err := tx.execOne("person", `UPDATE persons SET (`+personWritable+`, updated_at, version) =
		(`+placeholders(len(args)-1)+`, version + 1) WHERE id = ?`, args...); err != nil {
		return err
	}
	if err := tx.queryRow(`SELECT version FROM persons WHERE id = ?`, p.ID).Scan(&p.Version); err != nil {
		return err
	}
	return tx.setPersonTokens(p)
}

// unmergePersons undoes a person merge whose undo was checked: the rows
// moved go back, the merged person is a person again, the survivor's
// values are those from before (plain, the opened JSON).
func (tx *Tx) unmergePersons(m *haki.Merge, plain string) error {
	var before haki.Person
	if err := json.Unmarshal([]byte(plain), &before); err != nil {
		return err
	}
	if err := tx.touchIncidentsOf(`SELECT incident_id FROM acts WHERE victim_id = ? OR victim_id = ?`, m.SurvivorID, m.MergedID); err != nil {
		return err
	}
	if _, err := tx.moveBack(m); err != nil {
		return err
	}
	if _, err := tx.exec(`UPDATE persons SET merged_into = NULL, updated_at = ?, version = version + 1 WHERE id = ?`, fmtTime(tx.now), m.MergedID); err != nil {
		return err
	}
	_, key, err := tx.personKey(m.SurvivorID)
	if err != nil {
		return err
	}
	if err := tx.writePerson(&before, key); err != nil {
		return err
	}
	incidents, err := tx.strings(`SELECT DISTINCT incident_id FROM acts WHERE victim_id = ? OR victim_id = ?`, m.SurvivorID, m.MergedID)
	if err != nil {
		return err
	}
	for _, id := range incidents {
		if err := tx.recountVictims(id); err != nil {
			return err
		}
	}
	return nil
}

// mergeReady checks that a merge may go ahead: the caller sees both
// records whole (redacted is false), and each is still at the version the
// request compared, when it gives one.
func mergeReady(req haki.MergeRequest, redacted bool, survivorRef string, survivorVersion int, mergedRef string, mergedVersion int) error {
	if redacted {
		return haki.Errorf(haki.EFORBIDDEN, "You are not allowed to do that.")
	}
	if req.SurvivorVersion != 0 && req.SurvivorVersion != survivorVersion {
		return versionConflict(survivorRef)
	}
	if req.MergedVersion != 0 && req.MergedVersion != mergedVersion {
		return versionConflict(mergedRef)
	}
	return nil
}
