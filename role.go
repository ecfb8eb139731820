package haki

import (
	"net/mail"
	"slices"
	"time"
)

// Role is what a user does in the organisation (SPEC section 2).
type Role string

// The roles. Every user has exactly one.
const (
	RoleAdmin        Role = "admin"
	RoleDataManager  Role = "datamanager"
	RoleCaseworker   Role = "caseworker"
	RoleProfessional Role = "professional"
	RoleMonitor      Role = "monitor"
	RoleResearcher   Role = "researcher"
	RoleViewer       Role = "viewer"
)

// Roles lists every role, most powerful first.
var Roles = []Role{RoleAdmin, RoleDataManager, RoleCaseworker, RoleProfessional, RoleMonitor, RoleResearcher, RoleViewer}

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// Permission names one kind of thing a route does. Routes declare the
// permission they need; a role holds a fixed set; anything not granted is
// denied.
type Permission string

// The permissions.
const (
	PermDashboard      Permission = "dashboard"       // see the home page and aggregate figures
	PermIncidentRead   Permission = "incident.read"   // list and open incidents (rows filtered per role)
	PermIncidentWrite  Permission = "incident.write"  // create and edit incidents, acts, sources
	PermIncidentDelete Permission = "incident.delete" // delete incidents and their parts
	PermPersonRead     Permission = "person.read"     // list and open persons (identities)
	PermPersonWrite    Permission = "person.write"    // create and edit persons
	PermCaseRead       Permission = "case.read"       // list and open cases (rows filtered per role)
	PermCaseWrite      Permission = "case.write"      // create and edit cases
	// PermCaseWork is the day-to-day work on a case the caller can see:
	// notes, services, documents, attendance. Network professionals hold it
	// for the cases assigned to them, without case.write.
	PermCaseWork Permission = "case.work"
	// PermTasks: a diary of tasks and follow-ups, one's own and one's team's.
	PermTasks Permission = "tasks"
	// PermNetworkRead and PermNetworkWrite: the directory of network
	// professionals and partner institutions.
	PermNetworkRead  Permission = "network.read"
	PermNetworkWrite Permission = "network.write"
	// PermSettings: the organisation's settings, such as the drop-out rules.
	PermSettings Permission = "settings.write"
	// PermIndicators: define the strategic-plan indicators measured in the
	// reports, the data manager's work as much as the administrator's.
	PermIndicators  Permission = "indicators.write"
	PermInstitution Permission = "institution.write"
	PermVocabulary  Permission = "vocabulary.write" // edit controlled vocabularies and the gazetteer
	PermUsers       Permission = "users.admin"      // manage accounts and teams
	PermAudit       Permission = "audit.read"       // read the audit log
	// Data protection (privacy.go): access-request exports, erasure, the
	// processing register; and, for administrators, legal holds and retention.
	PermPrivacy      Permission = "privacy.manage"
	PermPrivacyAdmin Permission = "privacy.admin"
	// PermTriage: the queue of reports from the public; opening one is an
	// identity read, audited like a person's.
	PermTriage Permission = "reports.triage"
	// PermVerify: mark an incident verified or publishable (and un-mark it),
	// and verify a public report. Held apart from those who record
	// incidents (separation of duties).
	PermVerify Permission = "incident.verify"
	// PermResearchExtract: take the de-identified, k-anonymous victim-level
	// extract (research_extract.go). Researchers hold it, and those who
	// answer for the data; those who record incidents do not need it.
	PermResearchExtract Permission = "research.extract"
	// PermBulkExport: take everything one may see as one encrypted archive
	// (store.ExportArchive), with one's password. Held by those who answer
	// for the data, since it is the whole organisation's records at once.
	PermBulkExport Permission = "export.bulk"
	// PermBatch: write many incidents with their persons, acts,
	// involvements and sources in one go (batch.go): the bulk API, the
	// importer, an exchange from another organisation. Held by those who
	// answer for the data as a whole.
	PermBatch Permission = "batch.write"
	// PermDuplicates: list candidate duplicate persons and incidents,
	// review them side by side, merge them, dismiss a pair and undo a merge.
	PermDuplicates Permission = "duplicates.manage"
)

var grants = map[Role][]Permission{
	RoleAdmin: {PermDashboard, PermIncidentRead, PermIncidentWrite, PermIncidentDelete, PermPersonRead,
		PermPersonWrite, PermCaseRead, PermCaseWrite, PermCaseWork, PermInstitution, PermVocabulary, PermUsers, PermAudit,
		PermPrivacy, PermPrivacyAdmin, PermTasks, PermNetworkRead, PermNetworkWrite, PermSettings, PermIndicators,
		PermTriage, PermVerify, PermResearchExtract, PermBulkExport, PermBatch, PermDuplicates},
	RoleDataManager: {PermDashboard, PermIncidentRead, PermIncidentWrite, PermIncidentDelete, PermPersonRead,
		PermPersonWrite, PermCaseRead, PermCaseWrite, PermCaseWork, PermInstitution, PermPrivacy,
		PermTasks, PermNetworkRead, PermNetworkWrite, PermIndicators, PermTriage, PermVerify, PermResearchExtract, PermBulkExport, PermBatch,
		PermDuplicates},
	RoleCaseworker: {PermDashboard, PermIncidentRead, PermIncidentWrite, PermPersonRead, PermPersonWrite, PermCaseRead, PermCaseWrite, PermCaseWork,
		PermTasks, PermNetworkRead},
	RoleProfessional: {PermDashboard, PermIncidentRead, PermPersonRead, PermCaseRead, PermCaseWork, PermTasks},
	RoleMonitor:      {PermDashboard, PermIncidentRead, PermIncidentWrite, PermPersonRead, PermPersonWrite, PermTriage},
	RoleResearcher:   {PermDashboard, PermIncidentRead, PermResearchExtract},
	RoleViewer:       {PermDashboard},
}

// Can reports whether the role holds the permission. Unknown roles hold none.
func (r Role) Can(p Permission) bool { return slices.Contains(grants[r], p) }

// SeesIdentities reports whether the role may see names, contacts, identity
// numbers and narratives. Researchers and viewers never do.
func (r Role) SeesIdentities() bool {
	switch r {
	case RoleResearcher, RoleViewer, "":
		return false
	}
	return true
}

// TwoFactorByDefault reports whether new accounts of the role must enrol a
// second factor: every role that sees identities must.
func (r Role) TwoFactorByDefault() bool { return r.SeesIdentities() }

// SeesAllRecords reports whether the role sees every record, unrestricted by
// team, assignment or authorship.
func (r Role) SeesAllRecords() bool { return r == RoleAdmin || r == RoleDataManager }

// User is an account of a person who works with Haki.
type User struct {
	ID          string `json:"id"`
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
	Role        Role   `json:"role"`
	TeamID      string `json:"team_id,omitempty"`
	Language    string `json:"language"`
	// Email is where reminders are sent; empty means none.
	Email string `json:"email,omitempty"`
	// TimeZone is the zone the user reads times in, one of TimeZones; ""
	// is the default, East Africa Time.
	TimeZone string `json:"time_zone"`
	Disabled bool   `json:"disabled"`
	// TwoFactorRequired is set by an administrator: the account may do
	// nothing until it has enrolled a second factor.
	TwoFactorRequired bool `json:"two_factor_required"`
	// TwoFactorEnabled reports a confirmed TOTP enrolment; read-only.
	TwoFactorEnabled bool `json:"two_factor_enabled"`
	// ClinicalAccess is granted by an administrator to staff who may read
	// the content of medico-legal evaluations of the cases they see (the
	// evaluator always reads their own).
	ClinicalAccess bool      `json:"clinical_access"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// Can reports whether u is signed in, enabled and holds the permission.
func (u *User) Can(p Permission) bool { return u != nil && !u.Disabled && u.Role.Can(p) }

// Validate checks a new or changed account.
func (u *User) Validate() error {
	p := Problems{}
	if !validUsername(u.Username) {
		p.Add("username", "Use 2 to 32 lower-case letters, digits, dots, dashes or underscores.")
	}
	if !u.Role.Valid() {
		p.Add("role", "Choose one of the roles.")
	}
	if len(u.DisplayName) > 100 {
		p.Add("display_name", "Keep the display name under 100 characters.")
	}
	if u.Language != "" && u.Language != "en" && u.Language != "sw" {
		p.Add("language", "Choose English or Kiswahili.")
	}
	if !ValidTimeZone(u.TimeZone) {
		p.Add("time_zone", "Choose one of the time zones offered.")
	}
	if u.Email != "" && !validEmail(u.Email) {
		p.Add("email", "Enter an email address like name@example.org, or leave it empty.")
	}
	return p.Err()
}

// validEmail accepts a plain address (no display name) of at most 200
// characters.
func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Name == "" && a.Address == s && len(s) <= 200
}

func validUsername(s string) bool {
	if len(s) < 2 || len(s) > 32 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// Team is a group of staff who share cases and a calendar.
type Team struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 12

// ValidatePassword checks a new password.
func ValidatePassword(pw string) error {
	if len([]rune(pw)) < MinPasswordLength {
		return &Error{Code: EINVALID, Message: "The password is too short.",
			Fields: map[string]string{"password": "Use at least 12 characters."}}
	}
	if len(pw) > 1024 {
		return &Error{Code: EINVALID, Message: "The password is too long.",
			Fields: map[string]string{"password": "Use at most 1024 characters."}}
	}
	return nil
}
