package store

import "github.com/haki-kenya/haki"

// The access rules of SPEC section 2, as SQL conditions over aliased tables,
// so they are applied in every query that reads records and no caller can
// forget them. Each returns a condition and its arguments.

// assigned is true when case alias c is the user's: they are its caseworker
// or are assigned to it.
func assigned(c string, u *haki.User) (string, []any) {
	return "(" + c + ".caseworker_id = ? OR EXISTS (SELECT 1 FROM case_assignments ca WHERE ca.case_id = " + c + ".id AND ca.user_id = ?))",
		[]any{u.ID, u.ID}
}

// visibleCases: data managers and administrators see all cases; a
// caseworker those of their team that are not sensitive, and any assigned to
// them; a professional only those assigned to them; nobody else any.
func visibleCases(c string, u *haki.User) (string, []any) {
	switch {
	case u == nil:
		return "1 = 0", nil
	case u.Role.SeesAllRecords():
		return "1 = 1", nil
	case u.Role == haki.RoleCaseworker:
		cond, args := assigned(c, u)
		return "((" + c + ".team_id = ? AND " + c + ".sensitive = 0) OR " + cond + ")", append([]any{u.TeamID}, args...)
	case u.Role == haki.RoleProfessional:
		return assigned(c, u)
	}
	return "1 = 0", nil
}

// visibleIncidents: no one sees an incident merged into another (its
// tombstone; see merge.go), and of the rest a caseworker sees every incident except those of
// sensitive cases not assigned to them; a professional only the incidents of
// cases assigned to them; a monitor their own submissions; a researcher all,
// with identities removed.
func visibleIncidents(i string, u *haki.User) (string, []any) {
	cond, args := incidentAccess(i, u)
	return "(" + i + ".merged_into IS NULL AND " + cond + ")", args
}

// incidentAccess is visibleIncidents for any incident, merged or not.
func incidentAccess(i string, u *haki.User) (string, []any) {
	switch {
	case u == nil:
		return "1 = 0", nil
	case u.Role.SeesAllRecords(), u.Role == haki.RoleResearcher:
		return "1 = 1", nil
	case u.Role == haki.RoleCaseworker:
		cond, args := assigned("hc", u)
		return "NOT EXISTS (SELECT 1 FROM case_incidents hci JOIN cases hc ON hc.id = hci.case_id WHERE hci.incident_id = " + i +
			".id AND hc.sensitive = 1 AND NOT " + cond + ")", args
	case u.Role == haki.RoleProfessional:
		cond, args := assigned("vc", u)
		return "EXISTS (SELECT 1 FROM case_incidents vci JOIN cases vc ON vc.id = vci.case_id WHERE vci.incident_id = " + i + ".id AND " + cond + ")", args
	case u.Role == haki.RoleMonitor:
		return i + ".created_by = ?", []any{u.ID}
	}
	return "1 = 0", nil
}

// visiblePersons: no one sees a person merged into another (a tombstone),
// and of the rest a caseworker sees everyone except the persons of
// sensitive cases not assigned to them (sensitivePerson); a professional the
// clients and victims of cases assigned to them; a monitor the persons they
// recorded or who are victims in their submissions; researchers and viewers
// nobody.
func visiblePersons(p string, u *haki.User) (string, []any) {
	cond, args := personAccess(p, u)
	return "(" + p + ".merged_into IS NULL AND " + cond + ")", args
}

// personAccess is visiblePersons for any person, merged or not.
func personAccess(p string, u *haki.User) (string, []any) {
	switch {
	case u == nil:
		return "1 = 0", nil
	case u.Role.SeesAllRecords():
		return "1 = 1", nil
	case u.Role == haki.RoleCaseworker:
		cond, args := sensitivePerson(p, u)
		return "NOT " + cond, args
	case u.Role == haki.RoleProfessional:
		c1, a1 := assigned("vc", u)
		c2, a2 := assigned("wc", u)
		return "(EXISTS (SELECT 1 FROM cases vc WHERE vc.client_id = " + p + ".id AND " + c1 + ") OR EXISTS (SELECT 1 FROM acts va " +
				"JOIN case_incidents wci ON wci.incident_id = va.incident_id JOIN cases wc ON wc.id = wci.case_id WHERE va.victim_id = " + p + ".id AND " + c2 + "))",
			append(a1, a2...)
	case u.Role == haki.RoleMonitor:
		return "(" + p + ".created_by = ? OR EXISTS (SELECT 1 FROM acts ma JOIN incidents mi ON mi.id = ma.incident_id WHERE ma.victim_id = " + p +
			".id AND mi.created_by = ?))", []any{u.ID, u.ID}
	}
	return "1 = 0", nil
}

// hiddenCase is true when case alias c is sensitive and not the user's.
func hiddenCase(c string, u *haki.User) (string, []any) {
	cond, args := assigned(c, u)
	return "(" + c + ".sensitive = 1 AND NOT " + cond + ")", args
}

// sensitivePerson is true when person alias p belongs to a sensitive case
// that is not the caseworker u's: its client, always; or a victim or a
// source of one of its incidents, unless the person also appears in an
// incident the caseworker may see or is the client of a case that is not
// sensitive or is theirs. The caseworker learns nothing from such a person
// that the visible route does not already show.
func sensitivePerson(p string, u *haki.User) (string, []any) {
	h1, a1 := hiddenCase("sc", u)
	h2, a2 := hiddenCase("sc2", u)
	h3, a3 := hiddenCase("oc2", u)
	vc, va := assigned("oc", u)
	// The incidents the person is a victim or a source in.
	inc := "(SELECT sa.incident_id FROM acts sa WHERE sa.victim_id = " + p + ".id UNION SELECT ss.incident_id FROM sources ss WHERE ss.person_id = " + p + ".id)"
	cond := "(EXISTS (SELECT 1 FROM cases sc WHERE sc.client_id = " + p + ".id AND " + h1 + ")" +
		" OR (EXISTS (SELECT 1 FROM case_incidents sci JOIN cases sc2 ON sc2.id = sci.case_id WHERE sci.incident_id IN " + inc + " AND " + h2 + ")" +
		" AND NOT EXISTS (SELECT 1 FROM cases oc WHERE oc.client_id = " + p + ".id AND (oc.sensitive = 0 OR " + vc + "))" +
		" AND NOT EXISTS (SELECT 1 FROM " + inc + " oi WHERE NOT EXISTS (SELECT 1 FROM case_incidents oci JOIN cases oc2 ON oc2.id = oci.case_id" +
		" WHERE oci.incident_id = oi.incident_id AND " + h3 + "))))"
	return cond, append(append(append(a1, a2...), va...), a3...)
}

// require returns EUNAUTHORIZED for no user and EFORBIDDEN for a user whose
// role lacks the permission.
func require(u *haki.User, p haki.Permission) error {
	switch {
	case u == nil:
		return haki.Errorf(haki.EUNAUTHORIZED, "Sign in first.")
	case !u.Can(p):
		return haki.Errorf(haki.EFORBIDDEN, "You are not allowed to do that.")
	}
	return nil
}

// requireRead is require for reading one record by id: a caller whose role
// may not read such records learns only that there is no such record.
func requireRead(u *haki.User, p haki.Permission, what string) error {
	if err := require(u, p); haki.ErrorCode(err) == haki.EFORBIDDEN {
		return haki.Errorf(haki.ENOTFOUND, "No such %s.", what)
	} else {
		return err
	}
}

// assignedIncidents is a condition (on alias i) implied by
// visibleIncidents for a professional: the incident is one of the cases
// they hold. Added beside it when they hold few (fewAssignedIncidents), it
// lets a list start from those few incidents instead of walking every
// incident in date order to test each one.
func assignedIncidents(i string, u *haki.User) (string, []any) {
	return i + `.id IN (SELECT aci.incident_id FROM cases ac JOIN case_incidents aci ON aci.case_id = ac.id WHERE ac.caseworker_id = ?
		UNION ALL SELECT aci.incident_id FROM case_assignments aa JOIN case_incidents aci ON aci.case_id = aa.case_id WHERE aa.user_id = ?)`,
		[]any{u.ID, u.ID}
}

// fewAssignedLimit is how many incidents of their cases a professional may
// hold for a list to start from them; past it they are dense enough among
// all incidents for the walk in date order to find a page soon.
var fewAssignedLimit = 5000

// fewAssignedIncidents reports whether the user is a professional whose
// cases hold fewer than fewAssignedLimit incidents.
func (tx *Tx) fewAssignedIncidents(u *haki.User) (bool, error) {
	if u == nil || u.Role != haki.RoleProfessional {
		return false, nil
	}
	cond, args := assignedIncidents("i", u)
	sub := cond[len("i.id IN (") : len(cond)-1]
	var n int
	err := tx.queryRow(`SELECT COUNT(*) FROM (`+sub+` LIMIT ?) x`, append(args, fewAssignedLimit)...).Scan(&n)
	return n < fewAssignedLimit, err
}

// clinicalFiles is readsClinical as SQL for evidence alias ev: a clinical
// file of a case (an evaluation's photograph) is seen by its uploader and by
// staff granted clinical access; other files by anyone who sees their record.
func clinicalFiles(ev string, u *haki.User) (string, []any) {
	if u != nil && u.ClinicalAccess {
		return "1 = 1", nil
	}
	if u == nil || u.ID == "" {
		return ev + ".clinical = 0", nil
	}
	return "(" + ev + ".clinical = 0 OR " + ev + ".uploaded_by = ?)", []any{u.ID}
}

// readsClinical is the rule of clinical records, one at a time: an
// evaluation's content, a clinical file. Their author (the evaluator, the
// uploader) reads them, and staff granted clinical access; nobody else.
func readsClinical(u *haki.User, authorID string) bool {
	return u != nil && (u.ClinicalAccess || u.ID != "" && u.ID == authorID)
}
